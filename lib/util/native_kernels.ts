/**
 * What the optional native addon (native/kernels.c) exports, declared once
 * here on the ground floor: lib/backend loads it and uses sgemm and adam,
 * lib/metrics counts ranks with sgemm and countAbove, and the engine's
 * replicas reduce their gradients with reduceParts and updateSquares. native/kernels.c's
 * header comment says what each computes.
 */
export interface NativeAddon {
  sgemm(a: Float32Array, b: Float32Array, c: Float32Array, batch: number, m: number, k: number, n: number, transA: boolean, transB: boolean, aStride: number, bStride: number): void;
  adam(x: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, x1: Float32Array, m1: Float32Array, v1: Float32Array, lr: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number, scale: number): void;
  countAbove(s: Float32Array, images: Float32Array, recipes: Float32Array, dim: number, i0: number, n: number, count: number, match: Float64Array, tol: number, rows: Int32Array, cols: Int32Array): number;
  reduceParts(parts: readonly Float32Array[], out: Float32Array): number;
  updateSquares(x0: Float32Array, x1: Float32Array, moved: boolean, sums: Float64Array): void;
  setThreads(n: number): void;
  threads(): number;
}

/** The part of the addon that ranking needs. */
export type RankingKernels = Pick<NativeAddon, 'sgemm' | 'countAbove'>;

/** The part that the data-parallel replicas' gradient reduce and update measure need. */
export type ReduceKernels = Pick<NativeAddon, 'reduceParts' | 'updateSquares'>;
