/**
 * Summaries of a recipe collection for the data-exploration notebook, as
 * arquero tables (the data-frame library that installs here, docs/stack.md §3.1):
 * counts per split, the class distribution, length distributions, the most
 * frequent ingredients, and vocabulary coverage.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { ingredientToken, words } from '../data/text.js';
import type { Recipe } from '../data/types.js';

/** The per-recipe numbers the summaries group. */
export interface RecipeFacts {
  id: string;
  split: string;
  classIndex: number;
  ingredients: number;
  instructions: number;
  /** Words over all instruction sentences. */
  instructionWords: number;
  images: number;
}

export function recipeFacts(recipes: readonly Recipe[], classOf: (r: Recipe) => number): RecipeFacts[] {
  return recipes.map((r) => ({
    id: r.id,
    split: r.partition,
    classIndex: classOf(r),
    ingredients: r.ingredientNames.length,
    instructions: r.instructions.length,
    instructionWords: r.instructions.reduce((n, s) => n + words(s).length, 0),
    images: r.imageIds.length,
  }));
}

/** Per split: recipes, recipes with at least one image, images, share of classed (non-background) recipes. */
export function splitCounts(facts: readonly RecipeFacts[]): ColumnTable {
  return aq
    .from(facts)
    .derive({ with_image: (d: RecipeFacts) => (d.images > 0 ? 1 : 0), classed: (d: RecipeFacts) => (d.classIndex > 0 ? 1 : 0) })
    .groupby('split')
    .rollup({
      recipes: aq.op.count(),
      with_images: aq.op.sum('with_image'),
      images: aq.op.sum('images'),
      classed_share: aq.op.mean('classed'),
    })
    .orderby('split');
}

/** Recipes per class, most frequent first, with its share; background (class 0) included. */
export function classDistribution(facts: readonly RecipeFacts[], classNames: readonly string[]): ColumnTable {
  const total = facts.length;
  const counts = aq.from(facts).groupby('classIndex').count({ as: 'recipes' });
  return counts
    .derive({ share: aq.escape((d: { recipes: number }) => d.recipes / total) })
    .derive({ name: aq.escape((d: { classIndex: number }) => (d.classIndex === 0 ? '(background)' : classNames[d.classIndex] ?? `class ${d.classIndex}`)) })
    .select('classIndex', 'name', 'recipes', 'share')
    .orderby(aq.desc('recipes'), 'classIndex');
}

/** Share of recipes with class 0. */
export function backgroundShare(facts: readonly RecipeFacts[]): number {
  if (facts.length === 0) throw new Error('backgroundShare: no recipes');
  return facts.filter((f) => f.classIndex === 0).length / facts.length;
}

export interface Frequency {
  name: string;
  /** Recipes that list it. */
  recipes: number;
  /** recipes / number of recipes considered. */
  share: number;
}

/** The k ingredient names listed by the most recipes (each recipe counts a name once). */
export function topIngredients(recipes: readonly Recipe[], k: number): Frequency[] {
  const counts = new Map<string, number>();
  for (const r of recipes) {
    for (const name of new Set(r.ingredientNames.map(ingredientToken).filter((t) => t !== ''))) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([name, n]) => ({ name, recipes: n, share: recipes.length > 0 ? n / recipes.length : 0 }));
}

/** For the `nClasses` most frequent non-background classes, their k most frequent ingredients. */
export function topIngredientsPerClass(
  recipes: readonly Recipe[],
  classOf: (r: Recipe) => number,
  classNames: readonly string[],
  nClasses: number,
  k: number,
): { classIndex: number; name: string; recipes: number; top: Frequency[] }[] {
  const byClass = new Map<number, Recipe[]>();
  for (const r of recipes) {
    const c = classOf(r);
    if (c === 0) continue;
    const list = byClass.get(c);
    if (list) list.push(r);
    else byClass.set(c, [r]);
  }
  return [...byClass.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0] - b[0])
    .slice(0, nClasses)
    .map(([c, list]) => ({ classIndex: c, name: classNames[c] ?? `class ${c}`, recipes: list.length, top: topIngredients(list, k) }));
}

/** The tokens a recipe contributes to the vocabulary: title and instruction words, and ingredient tokens. */
export function recipeTokens(r: Recipe): string[] {
  const out = words(r.title);
  for (const s of r.instructions) out.push(...words(s));
  for (const n of r.ingredientNames) {
    const t = ingredientToken(n);
    if (t !== '') out.push(t);
  }
  return out;
}

export interface Coverage {
  minCount: number;
  /** Tokens with at least minCount occurrences in the training recipes. */
  vocabulary: number;
  /** Share of the evaluated recipes' token occurrences that are in the vocabulary. */
  tokenCoverage: number;
}

/**
 * How much of held-out text a vocabulary built from `train` covers, for each
 * minimum count (im2recipe kept words seen at least 10 times, docs/method.md §2.5).
 */
export function vocabularyCoverage(train: readonly Recipe[], heldOut: readonly Recipe[], minCounts: readonly number[]): Coverage[] {
  const freq = new Map<string, number>();
  for (const r of train) for (const t of recipeTokens(r)) freq.set(t, (freq.get(t) ?? 0) + 1);
  const heldOutTokens = heldOut.flatMap(recipeTokens);
  if (heldOutTokens.length === 0) throw new Error('vocabularyCoverage: the held-out recipes have no tokens');
  return minCounts.map((minCount) => {
    let vocabulary = 0;
    for (const n of freq.values()) if (n >= minCount) vocabulary++;
    const covered = heldOutTokens.filter((t) => (freq.get(t) ?? 0) >= minCount).length;
    return { minCount, vocabulary, tokenCoverage: covered / heldOutTokens.length };
  });
}
