/**
 * Row-wise L2 normalisation, so that a dot product of two rows is their
 * cosine similarity. Embeddings are normalised here rather than trusted to be
 * unit-norm: a model checkpoint or an imported file may not be.
 */

/** A copy of `x` ([count, dim], row-major) with every row scaled to unit L2 norm. */
export function normalizeRows(x: Float32Array, count: number, dim: number, what = 'embeddings'): Float32Array {
  if (x.length !== count * dim) {
    throw new Error(`${what}: expected ${count} x ${dim} = ${count * dim} values, got ${x.length}`);
  }
  const out = new Float32Array(x.length);
  for (let r = 0; r < count; r++) {
    const o = r * dim;
    let sq = 0;
    for (let k = 0; k < dim; k++) sq += x[o + k] * x[o + k];
    const norm = Math.sqrt(sq);
    // A zero or non-finite row has no cosine with anything: fail rather than rank NaNs.
    if (!(norm > 0) || !Number.isFinite(norm)) throw new Error(`${what}: row ${r} has norm ${norm}, cosine is undefined`);
    for (let k = 0; k < dim; k++) out[o + k] = x[o + k] / norm;
  }
  return out;
}
