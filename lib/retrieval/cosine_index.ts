/**
 * An in-memory cosine index over one modality's embeddings [count, dim]:
 * a query is one pass of the metrics' exact top-k (lib/metrics/top_k.ts),
 * which computes the candidate norms on the way, so nothing is precomputed
 * or copied.
 */
import { topK, type Scored } from '../metrics/index.js';

export class CosineIndex {
  readonly size: number;

  constructor(
    private readonly vectors: Float32Array,
    readonly dim: number,
  ) {
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`CosineIndex: dim must be a positive integer, got ${dim}`);
    if (vectors.length % dim !== 0) throw new Error(`CosineIndex: ${vectors.length} values is not a multiple of dim = ${dim}`);
    this.size = vectors.length / dim;
  }

  /** Row `i` as stored. A view: do not modify. */
  row(i: number): Float32Array {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) throw new Error(`CosineIndex: row ${i} out of range [0, ${this.size})`);
    return this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** The k rows most cosine-similar to `query` [dim], best first. */
  search(query: Float32Array, k: number): Scored[] {
    return topK(query, this.vectors, this.size, this.dim, k);
  }
}
