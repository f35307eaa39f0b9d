/**
 * Fixed sentence vectors for the model's `sentence_vectors` instruction
 * variant. The original code trained on precomputed 1024-d skip-thought
 * vectors; this is NOT skip-thought, only a documented, deterministic
 * stand-in with no training and no download: each vocabulary id w has a fixed
 * random Gaussian vector r_w (seeded by w), and a sentence of n words is
 *   v = sum_k (1/n) r_{w_k} + sum_k (1/n) (2k/(n-1) - 1) shift(r_{w_k})
 * (shift = cyclic rotation by one component, a word-order signal), then
 * L2-normalised. Sentences with the same words in the same order get the same
 * vector; close bags of words get close vectors.
 */
import { Random } from '../util/random.js';

const cache = new Map<string, Float32Array>();

function wordVector(id: number, dim: number): Float32Array {
  const key = `${dim}:${id}`;
  let v = cache.get(key);
  if (!v) {
    const rng = new Random(Math.imul(id + 1, 0x9e3779b1) ^ dim);
    v = new Float32Array(dim);
    for (let i = 0; i < dim; i++) v[i] = rng.normal();
    if (cache.size > 200_000) cache.clear();
    cache.set(key, v);
  }
  return v;
}

/** The vector of one sentence (word ids), length `dim`. An empty sentence gives zeros. */
export function sentenceVector(wordIds: ArrayLike<number>, dim: number): Float32Array {
  const out = new Float32Array(dim);
  const n = wordIds.length;
  if (n === 0) return out;
  for (let k = 0; k < n; k++) {
    const r = wordVector(wordIds[k], dim);
    const pos = n === 1 ? 0 : (2 * k) / (n - 1) - 1;
    for (let i = 0; i < dim; i++) out[i] += (r[i] + pos * r[(i + 1) % dim]) / n;
  }
  let norm = 0;
  for (let i = 0; i < dim; i++) norm += out[i] * out[i];
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dim; i++) out[i] /= norm;
  return out;
}
