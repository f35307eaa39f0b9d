/**
 * One vocabulary for ingredient-name tokens ("olive_oil") and instruction
 * words, built from TRAINING text only (titles, instruction words, ingredient
 * tokens), keeping words seen at least `minCount` times (by default a
 * value that grows with the size of that text: `defaultMinCount`). Index 0 is <pad>,
 * 1 is <unk>; the rest are ordered by count (descending) then alphabetically,
 * so the same text gives the same ids.
 */
import type { Recipe } from './types.js';
import { ingredientToken, words } from './text.js';

export const PAD = 0;
export const UNK = 1;
export const PAD_TOKEN = '<pad>';
export const UNK_TOKEN = '<unk>';

export class Vocabulary {
  private readonly ids: Map<string, number>;

  /** `tokens[0]` must be <pad> and `tokens[1]` <unk>. */
  constructor(readonly tokens: readonly string[]) {
    if (tokens[PAD] !== PAD_TOKEN || tokens[UNK] !== UNK_TOKEN) throw new Error('Vocabulary: tokens must start with <pad>, <unk>');
    this.ids = new Map(tokens.map((t, i) => [t, i]));
  }

  get size(): number {
    return this.tokens.length;
  }

  /** The id of a token, UNK when it is not in the vocabulary. */
  id(token: string): number {
    return this.ids.get(token) ?? UNK;
  }

  static fromCounts(counts: ReadonlyMap<string, number>, minCount: number): Vocabulary {
    const kept = [...counts].filter(([, c]) => c >= minCount);
    kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return new Vocabulary([PAD_TOKEN, UNK_TOKEN, ...kept.map(([w]) => w)]);
  }
}

/** Training tokens per unit of the default minimum count. */
export const TOKENS_PER_MIN_COUNT = 50_000;
/** The default minimum count on large collections (Recipe1M's). */
export const MAX_DEFAULT_MIN_COUNT = 10;

/**
 * The default minimum count for a training text of `trainingTokens` tokens
 * (title words, instruction words and ingredient tokens, repeats counted):
 * one per 50,000 tokens, at least 1 and at most 10. A fixed 10 turned most
 * of a small collection into <unk> (58% of the ingredient tokens of a
 * 343-recipe one); Recipe1M (tens of millions of tokens) and recipe1m-mini
 * small (about 0.8 million) keep Recipe1M's 10.
 */
export function defaultMinCount(trainingTokens: number): number {
  return Math.min(MAX_DEFAULT_MIN_COUNT, Math.max(1, Math.floor(trainingTokens / TOKENS_PER_MIN_COUNT)));
}

/** Adds the training tokens of one recipe to `counts`: title words, instruction words, ingredient tokens. */
export function countRecipeTokens(recipe: Recipe, counts: Map<string, number>): void {
  const add = (t: string) => counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const w of words(recipe.title)) add(w);
  for (const s of recipe.instructions) for (const w of words(s)) add(w);
  for (const n of recipe.ingredientNames) {
    const t = ingredientToken(n);
    if (t !== '') add(t);
  }
}

export interface Limits {
  maxIngredients: number;
  maxSentences: number;
  maxWords: number;
}

export const DEFAULT_LIMITS: Limits = { maxIngredients: 20, maxSentences: 20, maxWords: 20 };

/** Token ids of a recipe, truncated to the limits; sentences without any word are dropped. */
export function encodeText(recipe: Recipe, vocab: Vocabulary, limits: Limits): { ingredients: Int32Array; instructions: Int32Array[] } {
  const ingredients: number[] = [];
  for (const n of recipe.ingredientNames) {
    if (ingredients.length >= limits.maxIngredients) break;
    const t = ingredientToken(n);
    if (t !== '') ingredients.push(vocab.id(t));
  }
  const instructions: Int32Array[] = [];
  for (const s of recipe.instructions) {
    if (instructions.length >= limits.maxSentences) break;
    const w = words(s).slice(0, limits.maxWords);
    if (w.length > 0) instructions.push(Int32Array.from(w, (x) => vocab.id(x)));
  }
  return { ingredients: Int32Array.from(ingredients), instructions };
}
