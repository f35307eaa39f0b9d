/**
 * What `recipe1m search` was asked, checked before the model loads: exactly
 * one query (--image, --recipe-id or --ingredients), --remove only where
 * there are ingredients to remove from, --top in range.
 */
import { promises as fs } from 'node:fs';
import { decodeQueryImage } from '../retrieval/image_input.js';
import { parseIngredientList } from '../retrieval/ingredient_query.js';
import { QueryError } from '../retrieval/query_error.js';
import { parseTop, type RecipeDetails, type Retriever, type SearchResult } from '../retrieval/retriever.js';

export type SearchQuery =
  | { kind: 'image'; file: string; top: number }
  | { kind: 'recipe'; id: string; remove: string[]; top: number }
  | { kind: 'ingredients'; names: string[]; remove: string[]; top: number };

/** The query flags' values, as lib/commands/flags.ts reads them (undefined: not given). */
export interface SearchQueryFlags {
  image?: string;
  'recipe-id'?: string;
  ingredients?: string;
  remove?: string;
  top?: string;
}

/** From the command's flag values (see lib/commands/search.ts). */
export function parseSearchQuery(values: SearchQueryFlags): SearchQuery {
  const given = (['image', 'recipe-id', 'ingredients'] as const).filter((k) => values[k] !== undefined);
  if (given.length !== 1) {
    const what = given.length === 0 ? 'none was given' : `got ${given.map((g) => `--${g}`).join(' and ')}`;
    throw new QueryError(`give exactly one query: --image PATH, --recipe-id ID or --ingredients "a, b, c" (${what})`);
  }
  const top = parseTop(values.top, '--top');
  const remove = parseIngredientList(values.remove ?? '');
  if (values.image !== undefined) {
    if (values.remove !== undefined) throw new QueryError('--remove applies to --recipe-id or --ingredients, not to --image');
    return { kind: 'image', file: values.image, top };
  }
  if (values['recipe-id'] !== undefined) {
    const id = values['recipe-id'].trim();
    if (id === '') throw new QueryError('--recipe-id is empty');
    return { kind: 'recipe', id, remove, top };
  }
  return { kind: 'ingredients', names: parseIngredientList(values.ingredients ?? ''), remove, top };
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
