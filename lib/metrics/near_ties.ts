/**
 * How near-ties are decided. A fast engine (wasm matMul, OpenBLAS, any
 * summation order) computes each cosine in float32 and may round the same
 * dot product differently depending on where it falls in a block: exact
 * duplicates then stop tying, and ranks depend on the block size and the
 * CPU's kernels. So a fast score only decides a comparison when it is
 * farther from the threshold than its rounding error can reach; every
 * comparison closer than that is recomputed with `settlingDot`, one fixed
 * computation for the true match and the candidate alike.
 */

/** Unit roundoff of float32 (round to nearest). */
const FLOAT32_UNIT = 2 ** -24;

/** gamma_n = n u / (1 - n u): the classical bound on n chained roundings. */
function gamma(n: number, unit: number): number {
  if (n * unit >= 1) throw new Error(`nearTieTolerance: dim ${n} is too large for the rounding bound`);
  return (n * unit) / (1 - n * unit);
}

/**
 * Half-width of the band around a threshold within which a fast score does
 * not decide, for unit rows of `dim` values. Why it is safe:
 * - A float32 dot product of n = dim terms, summed in ANY order (blocked,
 *   vectorised, pairwise, with or without fused multiply-add), is within
 *   gamma_n(2^-24) * sum_k |x_k y_k| of the true value (Higham, Accuracy and
 *   Stability of Numerical Algorithms, 2nd ed., section 3.1): every term
 *   passes through at most n roundings. By Cauchy-Schwarz the sum is at most
 *   |x| |y|, and rows normalised to float32 have norm 1 within a few units of
 *   2^-24.
 * - settlingDot's own error is at most gamma_n(2^-53): products of float32
 *   values are exact in float64, and only the additions round.
 * The band must cover both errors: (gamma_n(2^-24) + gamma_n(2^-53)) times
 * the norm slack, which twice the float32 bound exceeds for every n (the
 * float64 term is 2^29 times smaller; the slack adds a few 2^-24 relative).
 * It also covers an engine that sums in float64 and rounds once to float32.
 * A fast score s with s > t + tol then means the settling computation also
 * puts the candidate above the threshold t (itself a settlingDot value), and
 * s < t - tol means it does not: every comparison comes out as settlingDot
 * would decide it. ranks.ts checks each true match's fast score against this
 * bound, so an engine that computes in less than float32 precision (float16,
 * TF32) is refused, not trusted.
 */
export function nearTieTolerance(dim: number): number {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`nearTieTolerance: dim must be a positive integer, got ${dim}`);
  return 2 * gamma(dim, FLOAT32_UNIT);
}

/**
 * The dot product of row i of `a` and row j of `b` ([*, dim], row-major) in
 * float64, four interleaved partial sums in k order. Deterministic: equal
 * rows give bit-equal results whatever their positions, so duplicates tie.
 */
export function settlingDot(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  const oa = i * dim;
  const ob = j * dim;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < dim; k += 4) {
    s0 += a[oa + k] * b[ob + k];
    s1 += a[oa + k + 1] * b[ob + k + 1];
    s2 += a[oa + k + 2] * b[ob + k + 2];
    s3 += a[oa + k + 3] * b[ob + k + 3];
  }
  for (; k < dim; k++) s0 += a[oa + k] * b[ob + k];
  return s0 + s1 + (s2 + s3);
}
