/** Shared fixtures for the metric tests. */
import { Random } from '../../lib/util/random.js';

/** [count, dim] standard-normal rows from a fixed seed. */
export function gaussian(count: number, dim: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: count * dim }, () => rng.normal());
}

/** 2-d unit vectors at the given angles in degrees, row-major. */
export function atAngles(degrees: number[]): Float32Array {
  return Float32Array.from(degrees.flatMap((d) => [Math.cos((d * Math.PI) / 180), Math.sin((d * Math.PI) / 180)]));
}

/** Ranks by the definition, in float64 with a full matrix: the independent reference. */
export function naiveRanks(images: Float32Array, recipes: Float32Array, count: number, dim: number) {
  const row = (x: Float32Array, i: number) => Array.from(x.subarray(i * dim, (i + 1) * dim));
  const unit = (v: number[]) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const I = Array.from({ length: count }, (_, i) => unit(row(images, i)));
  const R = Array.from({ length: count }, (_, i) => unit(row(recipes, i)));
  const S = I.map((a) => R.map((b) => a.reduce((s, x, k) => s + x * b[k], 0)));
  const im2recipe = S.map((r, i) => 1 + r.filter((v) => v > r[i]).length);
  const recipe2im = R.map((_, j) => 1 + S.filter((r) => r[j] > S[j][j]).length);
  return { im2recipe, recipe2im };
}

/**
 * Float64 similarity gaps: the smallest |S[i, j] - S[i, i]| and
 * |S[i, j] - S[j, j]| over entries that are not exactly equal, i.e. how far
 * the nearest near-tie is. Engines may only be compared exactly above float32
 * rounding.
 */
export function nearestNonTie(images: Float32Array, recipes: Float32Array, count: number, dim: number): number {
  const unit = (x: Float32Array, i: number) => {
    const v = Array.from(x.subarray(i * dim, (i + 1) * dim));
    const n = Math.hypot(...v);
    return v.map((y) => y / n);
  };
  const I = Array.from({ length: count }, (_, i) => unit(images, i));
  const R = Array.from({ length: count }, (_, i) => unit(recipes, i));
  const S = I.map((a) => R.map((b) => a.reduce((s, x, k) => s + x * b[k], 0)));
  let best = Infinity;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      for (const gap of [Math.abs(S[i][j] - S[i][i]), Math.abs(S[i][j] - S[j][j])]) if (gap > 0) best = Math.min(best, gap);
    }
  }
  return best;
}

/** [count, dim] rows where rows listed in `copies` as [from, to] are exact duplicates. */
export function withDuplicates(x: Float32Array, dim: number, copies: [number, number][]): Float32Array {
  const out = x.slice();
  for (const [from, to] of copies) out.copyWithin(to * dim, from * dim, (from + 1) * dim);
  return out;
}
