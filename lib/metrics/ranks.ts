/**
 * Ranks of the true matches within one bag, both directions from one pass
 * over the similarity matrix S[i, j] = cos(image_i, recipe_j):
 * - im2recipe (image query i ranks the recipes): 1 + #{j : S[i, j] > S[i, i]}
 * - recipe2im (recipe query j ranks the images): 1 + #{i : S[i, j] > S[j, j]}
 * Only strictly more similar candidates count, so equal scores tie and ties
 * favour the query. S is computed in blocks of query rows by a fast engine
 * and never held whole; a comparison the fast score cannot decide within its
 * rounding error is settled by one deterministic float64 computation
 * (near_ties.ts), so ranks are the same on every engine, block size and CPU.
 */
import type { DotProductEngine, DotProducts } from './dot_products.js';
import { jsDotProducts } from './dot_products.js';
import { nearTieTolerance, settlingDot } from './near_ties.js';
import { normalizeRows } from './normalize.js';

export interface BagRanks {
  /** 1-based rank of recipe i for image query i. */
  im2recipe: Int32Array;
  /** 1-based rank of image j for recipe query j. */
  recipe2im: Int32Array;
}

export interface RankOptions {
  /** How similarity blocks are computed (default: plain JavaScript). */
  dot?: DotProductEngine;
  /** Query rows per block: memory is blockRows x count floats (default 1000). */
  blockRows?: number;
}

/** One bag ready for counting: unit rows, and each true match's score as settlingDot gives it. */
export interface UnitBag {
  images: Float32Array; // [count, dim], unit rows
  recipes: Float32Array; // [count, dim], unit rows
  count: number;
  dim: number;
  /** [count]: settlingDot(images, i, recipes, i), the threshold of both directions for pair i. */
  match: Float64Array;
}

/** Normalises the rows (cosine similarity) and settles the true-match scores. */
export function unitBag(images: Float32Array, recipes: Float32Array, count: number, dim: number): UnitBag {
  if (!Number.isInteger(count) || count < 1) throw new Error(`rankOfMatches: count must be a positive integer, got ${count}`);
  const bag = {
    images: normalizeRows(images, count, dim, 'rankOfMatches images'),
    recipes: normalizeRows(recipes, count, dim, 'rankOfMatches recipes'),
    count,
    dim,
    match: new Float64Array(count),
  };
  for (let i = 0; i < count; i++) bag.match[i] = settlingDot(bag.images, i, bag.recipes, i, dim);
  return bag;
}

/**
 * Ranks for one bag: row i of `images` ([count, dim]) matches row i of
 * `recipes`. Rows are L2-normalised here (cosine similarity).
 */
export function rankOfMatches(
  images: Float32Array,
  recipes: Float32Array,
  count: number,
  dim: number,
  opts: RankOptions = {},
): BagRanks {
  const blockRows = opts.blockRows ?? 1000;
  if (!Number.isInteger(blockRows) || blockRows < 1) throw new Error(`rankOfMatches: blockRows must be a positive integer, got ${blockRows}`);
  const bag = unitBag(images, recipes, count, dim);
  const dots = (opts.dot ?? jsDotProducts)(bag.images, bag.recipes, dim);
  try {
    return ranksFromCounts(count, [countAbove(dots, bag, 0, count, blockRows)]);
  } finally {
    dots.dispose();
  }
}

/** One range's counts (query rows r0..r1-1), to be merged by ranksFromCounts. */
export interface AboveCounts {
  r0: number;
  /** [r1 - r0]: for image query i, #{j : S[i, j] > S[i, i]}. */
  rows: Int32Array;
  /** [count]: for recipe query j, #{i in r0..r1-1 : S[i, j] > S[j, j]}. */
  cols: Int32Array;
  /** How many entries were recomputed by settlingDot (near-ties). */
  settled: number;
}

/**
 * The counting pass over query rows r0..r1-1 of S: all rows for one bag, or
 * a range, so that a caller may split the rows (across threads, say) and
 * merge the parts with ranksFromCounts. Each fast score is compared with
 * the settled true-match scores; within nearTieTolerance of one, the entry
 * is recomputed by settlingDot (once, for both directions). An engine with
 * its own countAbove (the native one) makes the same decisions in C.
 */
export function countAbove(dots: DotProducts, bag: UnitBag, r0: number, r1: number, blockRows: number): AboveCounts {
  const { images, recipes, count, dim, match } = bag;
  const tol = nearTieTolerance(dim);
  const rows = new Int32Array(r1 - r0);
  const cols = new Int32Array(count);
  let settled = 0;
  for (let q0 = r0; q0 < r1; q0 += blockRows) {
    const n = Math.min(blockRows, r1 - q0);
    const s = dots.block(q0, n, 0, count); // [n, count]
    for (let r = 0; r < n; r++) {
      const i = q0 + r;
      if (!(Math.abs(s[r * count + i] - match[i]) <= tol)) {
        throw new Error(
          `rankOfMatches: the similarity engine gave S[${i}, ${i}] = ${s[r * count + i]}, but it is ${match[i]}; float32 rounding ` +
            `at dim ${dim} allows at most ${tol.toExponential(2)}: the engine does not compute in float32`,
        );
      }
    }
    if (dots.countAbove) {
      settled += dots.countAbove(s, q0, n, match, tol, rows.subarray(q0 - r0, q0 - r0 + n), cols);
      continue;
    }
    for (let r = 0; r < n; r++) {
      const row = r * count;
      const i = q0 + r;
      const own = match[i];
      let above = 0;
      for (let j = 0; j < count; j++) {
        const v = s[row + j];
        const rowGap = v - own;
        const colGap = v - match[j];
        if (rowGap > tol) above++;
        if (colGap > tol) cols[j]++;
        // Rare: near one threshold. The true match itself is never above its own score.
        if (j !== i && ((rowGap >= -tol && rowGap <= tol) || (colGap >= -tol && colGap <= tol))) {
          const exact = settlingDot(images, i, recipes, j, dim);
          settled++;
          if (rowGap >= -tol && rowGap <= tol && exact > own) above++;
          if (colGap >= -tol && colGap <= tol && exact > match[j]) cols[j]++;
        }
      }
      rows[i - r0] = above;
    }
  }
  return { r0, rows, cols, settled };
}

/** 1-based ranks from the counts of ranges that together cover rows 0..count-1 once. */
export function ranksFromCounts(count: number, parts: readonly AboveCounts[]): BagRanks {
  const im2recipe = new Int32Array(count);
  const recipe2im = new Int32Array(count).fill(1);
  const covered = new Uint8Array(count);
  for (const p of parts) {
    for (let r = 0; r < p.rows.length; r++) {
      if (covered[p.r0 + r]++) throw new Error(`ranksFromCounts: query row ${p.r0 + r} is counted by two parts`);
      im2recipe[p.r0 + r] = p.rows[r] + 1;
    }
    for (let j = 0; j < count; j++) recipe2im[j] += p.cols[j];
  }
  const missing = covered.indexOf(0);
  if (missing >= 0) throw new Error(`ranksFromCounts: query row ${missing} is counted by no part`);
  return { im2recipe, recipe2im };
}
