/** Shared fixtures for the metric tests. */
import { jsDotProducts, type DotProductEngine } from '../../lib/metrics/dot_products.js';
import { normalizeRows } from '../../lib/metrics/normalize.js';
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

/** [count, dim] rows where rows listed in `copies` as [from, to] are exact duplicates. */
export function withDuplicates(x: Float32Array, dim: number, copies: [number, number][]): Float32Array {
  const out = x.slice();
  for (const [from, to] of copies) out.copyWithin(to * dim, from * dim, (from + 1) * dim);
  return out;
}

/** [count, dim] rows all equal to one standard-normal vector: every score ties. */
export function identicalRows(count: number, dim: number, seed: number): Float32Array {
  const v = gaussian(1, dim, seed);
  const out = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) out.set(v, i * dim);
  return out;
}

/**
 * A copy of `x` where each [from, to] of `near` makes row `to` row `from`
 * plus `eps` times a fixed direction: cosines with it differ from row
 * from's by about eps, far below float32 resolution of a dot product but far
 * above float64's.
 */
export function withNearCopies(x: Float32Array, dim: number, near: [number, number][], eps: number): Float32Array {
  const out = x.slice();
  for (const [from, to] of near) {
    for (let k = 0; k < dim; k++) out[to * dim + k] = x[from * dim + k] * (1 + eps * Math.sin(k + from));
  }
  return out;
}

export interface RankFixture {
  name: string;
  images: Float32Array;
  recipes: Float32Array;
  count: number;
  dim: number;
}

/**
 * Bags where float32 engines disagree unless near-ties are settled:
 * all-identical pairs (every score ties), exact duplicates in both
 * modalities across blocks, and near-copies of true matches in both.
 */
export function rankFixtures(identicalCount = 1000): RankFixture[] {
  const count = 150;
  const dim = 48;
  const copies = (x: Float32Array, d: [number, number][], n: [number, number][]) => withNearCopies(withDuplicates(x, dim, d), dim, n, 1e-7);
  return [
    { name: 'identical', images: identicalRows(identicalCount, 128, 7), recipes: identicalRows(identicalCount, 128, 7), count: identicalCount, dim: 128 },
    {
      name: 'duplicates and near-copies',
      images: copies(gaussian(count, dim, 65), [[3, 140], [70, 71], [10, 129]], [[20, 21], [90, 30], [140, 2]]),
      recipes: copies(gaussian(count, dim, 66), [[5, 133], [20, 100]], [[40, 41], [130, 7], [60, 149]]),
      count,
      dim,
    },
  ];
}

/**
 * Ranks by the definition from one full float64 matrix over the rows as
 * ranks.ts normalises them (float32): the reference every engine must give.
 */
export function referenceRanks(images: Float32Array, recipes: Float32Array, count: number, dim: number) {
  const I = normalizeRows(images, count, dim);
  const R = normalizeRows(recipes, count, dim);
  const S = new Float64Array(count * count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += I[i * dim + k] * R[j * dim + k];
      S[i * count + j] = s;
    }
  }
  const im2recipe = Array.from({ length: count }, () => 1);
  const recipe2im = Array.from({ length: count }, () => 1);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      if (S[i * count + j] > S[i * count + i]) im2recipe[i]++;
      if (S[i * count + j] > S[j * count + j]) recipe2im[j]++;
    }
  }
  return { im2recipe, recipe2im };
}

/**
 * The JavaScript engine with every entry moved by up to `amplitude` (at most
 * the float32 bound, for a fair engine), differently for each block shape and
 * position: what a matMul's rounding may do, as bad as it is allowed to be.
 */
export function jitteredDots(amplitude: number): DotProductEngine {
  return (queries, candidates, dim) => {
    const exact = jsDotProducts(queries, candidates, dim);
    return {
      block(q0, nq, c0, nc) {
        const out = exact.block(q0, nq, c0, nc);
        const rng = new Random(((q0 * 7919 + nq) * 104729 + c0 * 31 + nc) | 0);
        for (let e = 0; e < out.length; e++) out[e] += amplitude * (2 * rng.next() - 1);
        return out;
      },
      dispose: () => exact.dispose(),
    };
  };
}
