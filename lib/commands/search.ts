/**
 * `recipe1m search -o <exp>/options.yaml --exp.resume best_<metric>
 *   (--image PATH | --recipe-id ID | --ingredients "a, b") [--remove "b"]
 *   [--top 10] [--split test] [--json]`
 */
import { flagHelp, takeFlags, type FlagSpec } from '../search/cli_flags.js';
import { featuredRecipe, formatSearchJson, formatSearchResult, parseSearchQuery, readQueryImage, runSearchQuery } from '../search/search_query.js';
import { checkQueryImage } from '../search/image_input.js';
import { openSearchSession, parseSplit } from '../search/session.js';

const FLAGS: Record<string, FlagSpec> = {
  image: { kind: 'value', doc: 'a photo (JPEG, PNG or WebP) → the closest recipes' },
  'recipe-id': { kind: 'value', doc: 'a recipe of the split → the closest photos' },
  ingredients: { kind: 'value', doc: 'comma-separated ingredient names → photos of dishes made of them' },
  remove: { kind: 'value', doc: 'comma-separated names taken out of --ingredients or of the --recipe-id recipe' },
  top: { kind: 'value', doc: 'number of results, 1 to 100 (default 10)' },
  split: { kind: 'value', doc: 'the split searched: test (default), val or train' },
  json: { kind: 'boolean', doc: 'print the result as JSON' },
};

const USAGE = `usage: recipe1m search -o <exp>/options.yaml --exp.resume best_<metric> QUERY [flags]

Ranks the split's extracted embeddings (extracting them first if missing).

${flagHelp(FLAGS)}

Other options (-o, --exp.resume, --misc.*) are the experiment's, as for \`recipe1m eval\`.`;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const { values, rest } = takeFlags(argv, FLAGS);
  const query = parseSearchQuery(values);
  const split = parseSplit(values.get('split'));
  // A missing file, another format or too many pixels fails here, before minutes of model loading.
  if (query.kind === 'image') await checkQueryImage(await readQueryImage(query.file), query.file);
  const session = await openSearchSession(rest, split, (m) => console.error(m));
  try {
    const result = await runSearchQuery(session.retriever, query);
    const recipe = await featuredRecipe(session.retriever, query, result);
    console.log(values.has('json') ? formatSearchJson(query, result, recipe) : formatSearchResult(query, result, recipe));
    return 0;
  } finally {
    session.close();
  }
}
