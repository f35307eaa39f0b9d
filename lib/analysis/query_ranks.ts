/**
 * The rank of every test query's true match, for paired comparisons: the
 * same queries for every configuration (the split's pairs in store order,
 * cut into disjoint bags of `perBag`, the 1k setup), so that two models can
 * be compared query by query rather than by their means alone.
 */
import { rankOfMatches } from '../metrics/index.js';

export interface QueryRanks {
  /** 1-based rank of the matching recipe for each image query, bag after bag. */
  im2recipe: Int32Array;
  /** 1-based rank of the matching image for each recipe query. */
  recipe2im: Int32Array;
  perBag: number;
  nbBags: number;
}

/** Ranks in `nbBags` disjoint bags of the first nbBags × perBag pairs of row-matched embeddings ([count, dim] each). */
export function queryRanks(images: Float32Array, recipes: Float32Array, dim: number, bags: { nbBags: number; perBag: number }): QueryRanks {
  const { nbBags, perBag } = bags;
  const count = images.length / dim;
  if (nbBags * perBag > count) throw new Error(`queryRanks: ${nbBags} bags of ${perBag} need ${nbBags * perBag} pairs; the embeddings hold ${count}`);
  const im2recipe = new Int32Array(nbBags * perBag);
  const recipe2im = new Int32Array(nbBags * perBag);
  for (let b = 0; b < nbBags; b++) {
    const rows = (m: Float32Array) => m.subarray(b * perBag * dim, (b + 1) * perBag * dim);
    const r = rankOfMatches(rows(images), rows(recipes), perBag, dim);
    im2recipe.set(r.im2recipe, b * perBag);
    recipe2im.set(r.recipe2im, b * perBag);
  }
  return { im2recipe, recipe2im, perBag, nbBags };
}

/** Per query, 1 when the match is within the first k, else 0 (the query's contribution to R@k). */
export function hitsAt(ranks: Int32Array, k: number): Float64Array {
  return Float64Array.from(ranks, (r) => (r <= k ? 1 : 0));
}

/** Per query, the mean over runs (seeds) of `values` (each run scored on the same queries). */
export function meanOverRuns(runs: readonly ArrayLike<number>[]): Float64Array {
  if (runs.length === 0) throw new Error('meanOverRuns: no runs');
  const n = runs[0].length;
  if (runs.some((r) => r.length !== n)) throw new Error(`meanOverRuns: runs score ${runs.map((r) => r.length).join(', ')} queries; they must score the same`);
  const out = new Float64Array(n);
  for (const r of runs) for (let i = 0; i < n; i++) out[i] += r[i] / runs.length;
  return out;
}
