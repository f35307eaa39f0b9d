/**
 * Ranks of the true matches within one bag, both directions from one pass
 * over the similarity matrix S[i, j] = cos(image_i, recipe_j):
 * - im2recipe (image query i ranks the recipes): 1 + #{j : S[i, j] > S[i, i]}
 * - recipe2im (recipe query j ranks the images): 1 + #{i : S[i, j] > S[j, j]}
 * Only strictly more similar candidates count, so ties favour the query.
 * S is computed in blocks of query rows and never held whole.
 */
import type { DotProductEngine, DotProducts } from './dot_products.js';
import { jsDotProducts } from './dot_products.js';
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
  if (!Number.isInteger(count) || count < 1) throw new Error(`rankOfMatches: count must be a positive integer, got ${count}`);
  if (!Number.isInteger(blockRows) || blockRows < 1) throw new Error(`rankOfMatches: blockRows must be a positive integer, got ${blockRows}`);
  const dots = (opts.dot ?? jsDotProducts)(
    normalizeRows(images, count, dim, 'rankOfMatches images'),
    normalizeRows(recipes, count, dim, 'rankOfMatches recipes'),
    dim,
  );
  try {
    return ranksFromCounts(count, [countAbove(dots, count, 0, count, blockRows)]);
  } finally {
    dots.dispose();
  }
}

/**
 * One range's counts (query rows r0..r1-1), before the recipe2im counts are
 * settled against the true-match scores of every row (ranksFromCounts).
 */
export interface AboveCounts {
  r0: number;
  /** [r1 - r0]: for image query i, #{j : S[i, j] > S[i, i]}. */
  rows: Int32Array;
  /** [count]: for recipe query j, #{i in r0..r1-1, i != j : S[i, j] > diag[j]}. */
  cols: Int32Array;
  /** [count]: S[j, j] as read by the small diagonal blocks. */
  diag: Float32Array;
  /** [r1 - r0]: S[i, i] as read in row i's own block. */
  self: Float32Array;
  /** Entries within NEAR_TIE of diag[j] (i != j): their column and score, to be settled. */
  nearCols: Int32Array;
  nearScores: Float32Array;
}

/**
 * A matMul may round the same entry differently in blocks of other shapes
 * (seen on wasm, in the last bit). The recipe2im threshold S[j, j] is needed
 * before row j's block comes up, so it is first read from small diagonal
 * blocks, and the entries this close to it are recounted against row j's
 * own-block value at the end: both directions then compare with the
 * true-match score of the main pass, and equal scores stay ties.
 */
export const NEAR_TIE = 1e-5;

/**
 * The counting pass over query rows r0..r1-1 of S: all rows for one bag, or
 * a range, so that a caller may split the rows (across threads, say) and
 * merge the parts with ranksFromCounts.
 */
export function countAbove(dots: DotProducts, count: number, r0: number, r1: number, blockRows: number): AboveCounts {
  const nearTie = NEAR_TIE;
  const diagBlock = 128;
  const diag = new Float32Array(count);
  for (let q0 = 0; q0 < count; q0 += diagBlock) {
    const n = Math.min(diagBlock, count - q0);
    const sq = dots.block(q0, n, q0, n);
    for (let r = 0; r < n; r++) diag[q0 + r] = sq[r * n + r];
  }
  const rows = new Int32Array(r1 - r0);
  const cols = new Int32Array(count);
  const self = new Float32Array(r1 - r0);
  let nearCols = new Int32Array(1024);
  let nearScores = new Float32Array(1024);
  let near = 0;
  for (let q0 = r0; q0 < r1; q0 += blockRows) {
    const n = Math.min(blockRows, r1 - q0);
    const s = dots.block(q0, n, 0, count); // [n, count]
    for (let r = 0; r < n; r++) {
      const row = r * count;
      const i = q0 + r;
      const own = s[row + i];
      let above = 0;
      for (let j = 0; j < count; j++) {
        const v = s[row + j];
        if (v > own) above++;
        const gap = v - diag[j];
        if (gap > 0) cols[j]++;
        if (gap <= nearTie && gap >= -nearTie) {
          if (near === nearCols.length) {
            const grownCols = new Int32Array(2 * near);
            const grownScores = new Float32Array(2 * near);
            grownCols.set(nearCols);
            grownScores.set(nearScores);
            nearCols = grownCols;
            nearScores = grownScores;
          }
          nearCols[near] = j;
          nearScores[near] = v;
          near++;
        }
      }
      rows[i - r0] = above;
      self[i - r0] = own;
    }
  }
  return { r0, rows, cols, diag, self, nearCols: nearCols.slice(0, near), nearScores: nearScores.slice(0, near) };
}

/** 1-based ranks from the counts of ranges that together cover rows 0..count-1. */
export function ranksFromCounts(count: number, parts: readonly AboveCounts[]): BagRanks {
  const im2recipe = new Int32Array(count);
  const recipe2im = new Int32Array(count).fill(1);
  const self = new Float32Array(count);
  for (const p of parts) {
    im2recipe.set(p.rows.map((c) => c + 1), p.r0);
    self.set(p.self, p.r0);
    for (let j = 0; j < count; j++) recipe2im[j] += p.cols[j];
  }
  for (const p of parts) {
    // Each part counted against its own diagonal pass: settle against it.
    const diag = p.diag;
    for (let j = 0; j < count; j++) {
      if (!(Math.abs(self[j] - diag[j]) <= NEAR_TIE)) {
        throw new Error(`rankOfMatches: the similarity engine gave S[${j}, ${j}] = ${diag[j]} in one block and ${self[j]} in another`);
      }
    }
    for (let k = 0; k < p.nearCols.length; k++) {
      const j = p.nearCols[k];
      const v = p.nearScores[k];
      // The true match itself is among them (checked near just above):
      // counted once by countAbove, it is taken out here, as it must be.
      recipe2im[j] += Number(v > self[j]) - Number(v > diag[j]);
    }
  }
  return { im2recipe, recipe2im };
}
