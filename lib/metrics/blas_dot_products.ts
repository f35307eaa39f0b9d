/**
 * The native engine for similarity blocks: OpenBLAS's sgemm straight on the
 * embeddings (candidates transposed by BLAS itself, no upload, no copy back)
 * into one reused block, counted by the addon's countAbove, which makes
 * ranks.ts's decisions in C, near-ties settled with the same float64
 * arithmetic as settlingDot. On the 1k setup it takes about a third of the
 * tf engine's time per bag (bench: eval).
 */
import type { RankingKernels } from '../util/native_kernels.js';
import type { DotProductEngine } from './dot_products.js';

export function blasDotProducts(kernels: RankingKernels): DotProductEngine {
  return (queries, candidates, dim) => {
    const nc = candidates.length / dim;
    let buffer = new Float32Array(0);
    return {
      block(q0, nq, c0, n) {
        if (buffer.length < nq * n) buffer = new Float32Array(nq * n);
        // The block stays valid until the next call, as countAbove reads it: a fresh view, not a copy.
        const out = buffer.subarray(0, nq * n);
        kernels.sgemm(queries.subarray(q0 * dim, (q0 + nq) * dim), candidates.subarray(c0 * dim, (c0 + n) * dim), out, 1, nq, dim, n, false, true, 0, 0);
        return out;
      },
      countAbove(s, i0, n, match, tol, rows, cols) {
        if (match.length !== nc) throw new Error(`blasDotProducts.countAbove: ${match.length} match scores for ${nc} candidates`);
        return kernels.countAbove(s, queries, candidates, dim, i0, n, nc, match, tol, rows, cols);
      },
      dispose() {
        buffer = new Float32Array(0);
      },
    };
  };
}
