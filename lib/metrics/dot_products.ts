/**
 * How blocks of the similarity matrix get computed. The rank computation asks
 * for rectangular blocks of `queries · candidatesᵀ` and never holds the whole
 * [N, N] matrix. Three engines: plain JavaScript (no TensorFlow, about
 * 2 GFLOP/s), TensorFlow.js matMul (tf_dot_products.ts; about 20 GFLOP/s on
 * the wasm backend), and the native addon's OpenBLAS sgemm with its counting
 * kernel (blas_dot_products.ts; about 90 GFLOP/s per thread).
 *
 * Contract that ranking relies on: every entry is within float32 rounding of
 * the true dot product, whatever the block's shape (nearTieTolerance in
 * near_ties.ts; ranks.ts checks the true matches). Entries need not be
 * bit-reproducible across blocks or machines (the wasm and OpenBLAS matMuls
 * are not): ranks.ts settles every near-tie itself.
 */

/** Dot products of fixed query and candidate matrices, by blocks. */
export interface DotProducts {
  /** [nq, nc] row-major: query rows q0..q0+nq-1 against candidate rows c0..c0+nc-1. */
  block(q0: number, nq: number, c0: number, nc: number): Float32Array;
  /**
   * Optional: the counting pass of ranks.ts over block `s` (query rows
   * i0..i0+n-1 against every candidate, as `block` returned it), natively,
   * with the same decisions: fills rows[0..n-1], adds into cols, returns
   * how many entries it settled. Without it ranks.ts counts in JavaScript.
   * The block must come from this engine, against all candidates.
   */
  countAbove?(s: Float32Array, i0: number, n: number, match: Float64Array, tol: number, rows: Int32Array, cols: Int32Array): number;
  /** Frees what the engine holds (tensors); the object is unusable afterwards. */
  dispose(): void;
}

/** Builds a DotProducts over queries [nq, dim] and candidates [nc, dim] (row-major). */
export type DotProductEngine = (queries: Float32Array, candidates: Float32Array, dim: number) => DotProducts;

/** Plain Float32Array engine: 2 x 2 register blocking, summation in k order. */
export const jsDotProducts: DotProductEngine = (queries, candidates, dim) => ({
  block(q0, nq, c0, nc) {
    const out = new Float32Array(nq * nc);
    for (let i = 0; i < nq; i += 2) {
      const two = i + 1 < nq;
      const a0 = (q0 + i) * dim;
      const a1 = two ? a0 + dim : a0;
      for (let j = 0; j < nc; j += 2) {
        const pair = j + 1 < nc;
        const b0 = (c0 + j) * dim;
        const b1 = pair ? b0 + dim : b0;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let k = 0; k < dim; k++) {
          const x0 = queries[a0 + k];
          const x1 = queries[a1 + k];
          const y0 = candidates[b0 + k];
          const y1 = candidates[b1 + k];
          s00 += x0 * y0;
          s01 += x0 * y1;
          s10 += x1 * y0;
          s11 += x1 * y1;
        }
        out[i * nc + j] = s00;
        if (pair) out[i * nc + j + 1] = s01;
        if (two) {
          out[(i + 1) * nc + j] = s10;
          if (pair) out[(i + 1) * nc + j + 1] = s11;
        }
      }
    }
    return out;
  },
  dispose() {},
});
