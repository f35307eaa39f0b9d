/**
 * Ingredient queries typed by people ("Olive oil, garlic; basil") turned
 * into vocabulary tokens the recipe encoder reads, reporting what it could
 * not use instead of silently dropping it.
 */
import { ingredientToken } from '../data/text.js';
import { QueryError } from './query_error.js';

/** Maps a normalised ingredient name to its vocabulary id, or undefined. */
export type TokenLookup = (name: string) => number | undefined;

/** Splits a typed list on commas, semicolons or new lines into the data pipeline's tokens ("Olive Oil" → "olive_oil"); empty and repeated names dropped. */
export function parseIngredientList(text: string): string[] {
  const names = text.split(/[,;\n]/u).map(ingredientToken).filter((n) => n.length > 0);
  return [...new Set(names)];
}

export interface ResolvedIngredients {
  /** The tokens to encode, in the order given. */
  tokens: Int32Array;
  /** The names behind `tokens`. */
  used: string[];
  /** Names the vocabulary does not know (ignored). */
  unknown: string[];
  /** Names of `remove` that were taken out. */
  removed: string[];
  /** Names of `remove` that were not in the list (nothing to remove). */
  notPresent: string[];
}

/**
 * The tokens of `names` minus `remove`. Every name unknown (or nothing left
 * after removal) is a QueryError that lists the names.
 */
export function resolveIngredients(names: readonly string[], remove: readonly string[], lookup: TokenLookup): ResolvedIngredients {
  const wanted = [...new Set(names.map(ingredientToken).filter(Boolean))];
  if (wanted.length === 0) throw new QueryError('no ingredient given: type names separated by commas, e.g. "tomato, basil"');
  const drop = new Set(remove.map(ingredientToken).filter(Boolean));
  const kept = wanted.filter((n) => !drop.has(n));
  const removed = wanted.filter((n) => drop.has(n));
  const notPresent = [...drop].filter((n) => !wanted.includes(n));
  const used: string[] = [];
  const unknown: string[] = [];
  const tokens: number[] = [];
  for (const name of kept) {
    const id = lookup(name);
    if (id === undefined) unknown.push(name);
    else {
      used.push(name);
      tokens.push(id);
    }
  }
  if (kept.length === 0) throw new QueryError(`no ingredient left after removing ${removed.join(', ')}`);
  if (used.length === 0) throw new QueryError(`none of these ingredients is in the vocabulary: ${unknown.join(', ')}`);
  return { tokens: Int32Array.from(tokens), used, unknown, removed, notPresent };
}
