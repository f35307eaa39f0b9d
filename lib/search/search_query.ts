/**
 * What `recipe1m search` was asked, checked before the model loads: exactly
 * one query (--image, --recipe-id or --ingredients), --remove only where
 * there are ingredients to remove from, --top in range.
 */
import { promises as fs } from 'node:fs';
import { parseIngredientList } from './ingredient_query.js';
import { QueryError } from './query_error.js';
import { formatRecipe, recipeView } from './recipe_view.js';
import { parseTop, type RecipeDetails, type Retriever, type SearchResult } from './retriever.js';
import { decodeQueryImage } from './image_input.js';
import { terminalJson, terminalText } from './terminal_text.js';

export type SearchQuery =
  | { kind: 'image'; file: string; top: number }
  | { kind: 'recipe'; id: string; remove: string[]; top: number }
  | { kind: 'ingredients'; names: string[]; remove: string[]; top: number };

/** From the command's flag values (see lib/commands/search.ts). */
export function parseSearchQuery(values: ReadonlyMap<string, string>): SearchQuery {
  const given = ['image', 'recipe-id', 'ingredients'].filter((k) => values.has(k));
  if (given.length !== 1) {
    const what = given.length === 0 ? 'none was given' : `got ${given.map((g) => `--${g}`).join(' and ')}`;
    throw new QueryError(`give exactly one query: --image PATH, --recipe-id ID or --ingredients "a, b, c" (${what})`);
  }
  const top = parseTop(values.get('top'), '--top');
  const remove = parseIngredientList(values.get('remove') ?? '');
  if (values.has('image')) {
    if (values.has('remove')) throw new QueryError('--remove applies to --recipe-id or --ingredients, not to --image');
    return { kind: 'image', file: values.get('image') as string, top };
  }
  if (values.has('recipe-id')) {
    const id = (values.get('recipe-id') as string).trim();
    if (id === '') throw new QueryError('--recipe-id is empty');
    return { kind: 'recipe', id, remove, top };
  }
  return { kind: 'ingredients', names: parseIngredientList(values.get('ingredients') as string), remove, top };
}

/** The photo of an image query, read and decoded (clear errors for a missing file or an undecodable one). */
export async function readQueryImage(file: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new QueryError(`--image ${file}: no such file`);
    if (code === 'EISDIR') throw new QueryError(`--image ${file}: is a folder, not an image file`);
    throw new QueryError(`--image ${file}: cannot be read (${code ?? (err as Error).message})`);
  }
}

/** Runs a checked query. */
export async function runSearchQuery(retriever: Retriever, q: SearchQuery): Promise<SearchResult> {
  if (q.kind === 'image') return retriever.byImage(await decodeQueryImage(await readQueryImage(q.file), q.file, retriever.imageSize), q.top);
  if (q.kind === 'recipe') return retriever.byRecipeId(q.id, q.top, q.remove);
  return retriever.byIngredients(q.names, q.top, q.remove);
}

/** The recipe the output shows in full: the one searched with --recipe-id, else the best hit's; none without hits. */
export async function featuredRecipe(retriever: Retriever, q: SearchQuery, r: SearchResult): Promise<RecipeDetails | undefined> {
  const id = q.kind === 'recipe' ? q.id : r.hits[0]?.recipeId;
  return id === undefined ? undefined : retriever.requireRecipe(id);
}

function clip(text: string, width: number): string {
  const flat = terminalText(text.replace(/\s+/gu, ' '));
  return flat.length <= width ? flat.padEnd(width) : flat.slice(0, width - 1) + '…';
}

/**
 * The text output: a header saying what was searched, one line per hit,
 * then the featured recipe as written; control characters of the data
 * escaped (terminal_text.ts).
 */
export function formatSearchResult(q: SearchQuery, r: SearchResult, featured?: RecipeDetails): string {
  const what =
    q.kind === 'image'
      ? `recipes for the photo ${q.file}`
      : q.kind === 'recipe'
        ? `photos for recipe ${q.id}`
        : `photos for the ingredients ${(r.ingredients ?? []).join(', ')}`;
  const lines = [`${what} (${r.split} split, ${r.tookMs.toFixed(0)} ms)`];
  if (q.kind === 'recipe' && r.ingredients) lines.push(`re-encoded with the ingredients ${r.ingredients.join(', ')}`);
  if (r.removed?.length) lines.push(`removed: ${r.removed.join(', ')}`);
  if (r.notPresent?.length) lines.push(`not in the list, nothing removed: ${r.notPresent.join(', ')}`);
  if (r.unknown?.length) lines.push(`not in the vocabulary, ignored: ${r.unknown.join(', ')}`);
  lines.push('', `${'rank'.padStart(4)}  ${'score'.padStart(6)}  ${clip('title', 40)}  ${clip('class', 16)}  image`);
  for (const h of r.hits) {
    lines.push(`${String(h.rank).padStart(4)}  ${h.score.toFixed(3).padStart(6)}  ${clip(h.title, 40)}  ${clip(h.className, 16)}  ${h.imagePath}`);
  }
  const text = lines.map(terminalText).join('\n');
  return featured ? `${text}\n\n${q.kind === 'recipe' ? 'The recipe searched:' : 'The best match:'}\n\n${formatRecipe(featured)}` : text;
}

/** The --json output: the query, the result and the featured recipe, with the characters JSON leaves raw escaped. */
export function formatSearchJson(q: SearchQuery, r: SearchResult, featured?: RecipeDetails): string {
  return terminalJson({ query: q, ...r, ...(featured ? { recipe: recipeView(featured) } : {}) });
}
