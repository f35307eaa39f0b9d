/**
 * A seeded 2-D UMAP of embedding vectors (cosine distance, the distance of
 * the shared space) for the retrieval map: images and recipes in one plot.
 */
import { UMAP } from 'umap-js';
import { Random } from '../util/random.js';

export interface Map2dOptions {
  /** Neighbours per point (default 15, capped at n - 1). */
  nNeighbors?: number;
  /** Minimum distance between points of the map (default 0.1). */
  minDist?: number;
  /** Seed of UMAP's random choices (default 1338). */
  seed?: number;
}

export function cosineDistance(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  const denom = Math.sqrt(na * nb);
  return denom > 0 ? 1 - dot / denom : 1;
}

/** One [x, y] per input vector, same order. Needs at least 3 vectors. */
export function map2d(vectors: ArrayLike<number>[], options: Map2dOptions = {}): [number, number][] {
  if (vectors.length < 3) throw new Error(`map2d: needs at least 3 vectors, got ${vectors.length}`);
  const dim = vectors[0].length;
  const rows = vectors.map((v, i) => {
    if (v.length !== dim) throw new Error(`map2d: vector ${i} has ${v.length} dimensions, vector 0 has ${dim}`);
    return Array.from(v);
  });
  const random = new Random(options.seed ?? 1338);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.nNeighbors ?? 15, rows.length - 1),
    minDist: options.minDist ?? 0.1,
    distanceFn: cosineDistance,
    random: () => random.next(),
  });
  return umap.fit(rows).map((p) => [p[0], p[1]]);
}
