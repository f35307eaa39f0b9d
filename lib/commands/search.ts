/**
 * `recipe1m search -o <exp>/options.yaml --exp.resume best_<metric>
 *   (--image PATH | --recipe-id ID | --ingredients "a, b") [--remove "b"]
 *   [--top 10] [--split test|val|train|all] [--json]`
 */
import { checkQueryImage } from '../retrieval/image_input.js';
import { openSearchSession } from '../retrieval/session.js';
import { parseSplit } from './flag_values.js';
import { flagHelp, HELP_FLAG, takeFlags, type FlagSpecs } from './flags.js';
import { formatSearchJson, formatSearchResult } from './search_output.js';
import { featuredRecipe, parseSearchQuery, readQueryImage, runSearchQuery } from './search_query.js';

const FLAGS = {
  image: { kind: 'string', doc: 'a photo (JPEG, PNG or WebP) → the closest recipes' },
  'recipe-id': { kind: 'string', doc: 'a recipe of the split → the closest photos' },
  ingredients: { kind: 'string', doc: 'comma-separated ingredient names → photos of dishes made of them' },
  remove: { kind: 'string', doc: 'comma-separated names taken out of --ingredients or of the --recipe-id recipe' },
  top: { kind: 'string', doc: 'number of results, 1 to 100 (default 10)' },
  split: { kind: 'string', doc: 'the split searched: test (default), val, train or all' },
  json: { kind: 'boolean', doc: 'print the result as JSON' },
} satisfies FlagSpecs;

const USAGE = `usage: recipe1m search -o <exp>/options.yaml --exp.resume best_<metric> QUERY [flags]

Ranks the split's extracted embeddings, every recipe (with or without a photo) and every photo
(extracting them first if missing or out of date).

${flagHelp(FLAGS)}

Other options (-o, --exp.resume, --misc.*) are the experiment's, as for \`recipe1m eval\`.`;

export async function run(argv: string[]): Promise<number> {
  const { values, rest } = takeFlags(argv, { ...FLAGS, help: HELP_FLAG });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const query = parseSearchQuery(values);
  const split = parseSplit(values.split);
  // A missing file, another format or too many pixels fails here, before minutes of model loading.
  if (query.kind === 'image') await checkQueryImage(await readQueryImage(query.file), query.file);
  const session = await openSearchSession(rest, split, (m) => console.error(m));
  try {
    const result = await runSearchQuery(session.retriever, query);
    const recipe = await featuredRecipe(session.retriever, query, result);
    console.log(values.json ? formatSearchJson(query, result, recipe) : formatSearchResult(query, result, recipe));
    return 0;
  } finally {
    session.close();
  }
}
