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
