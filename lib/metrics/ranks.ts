/**
 * Ranks of the true matches within one bag, both directions from one pass
 * over the similarity matrix S[i, j] = cos(image_i, recipe_j):
 * - im2recipe (image query i ranks the recipes): 1 + #{j : S[i, j] > S[i, i]}
 * - recipe2im (recipe query j ranks the images): 1 + #{i : S[i, j] > S[j, j]}
 * Only strictly more similar candidates count, so ties favour the query.
 * S is computed in blocks of query rows and never held whole.
 */
import type { DotProductEngine } from './dot_products.js';
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

/** Rows per block when reading the diagonal: small, so it costs little beyond the main pass. */
const DIAGONAL_BLOCK = 128;

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
    // The diagonal comes from the same engine as the blocks, so a duplicate
    // candidate compares equal to the true match and ties stay ties.
    const diag = new Float32Array(count);
    for (let q0 = 0; q0 < count; q0 += DIAGONAL_BLOCK) {
      const n = Math.min(DIAGONAL_BLOCK, count - q0);
      const sq = dots.block(q0, n, q0, n);
      for (let r = 0; r < n; r++) diag[q0 + r] = sq[r * n + r];
    }
    const im2recipe = new Int32Array(count).fill(1);
    const recipe2im = new Int32Array(count).fill(1);
    for (let q0 = 0; q0 < count; q0 += blockRows) {
      const n = Math.min(blockRows, count - q0);
      const s = dots.block(q0, n, 0, count); // [n, count]
      for (let r = 0; r < n; r++) {
        const row = r * count;
        const own = diag[q0 + r];
        let above = 0;
        for (let j = 0; j < count; j++) {
          const v = s[row + j];
          if (v > own) above++;
          if (v > diag[j]) recipe2im[j]++;
        }
        im2recipe[q0 + r] += above;
      }
    }
    return { im2recipe, recipe2im };
  } finally {
    dots.dispose();
  }
}
