/**
 * The TensorFlow.js engine for similarity blocks: one matMul per block on
 * whatever backend initBackend() chose. The candidates are uploaded and
 * transposed once ([dim, nc]) because the wasm matMul is many times slower
 * with its transpose flags (docs/stack.md §1.3).
 */
import * as tf from '@tensorflow/tfjs';
import type { DotProductEngine } from './dot_products.js';

export const tfDotProducts: DotProductEngine = (queries, candidates, dim) => {
  const nc = candidates.length / dim;
  const candT = tf.tidy(() => tf.transpose(tf.tensor2d(candidates, [nc, dim]))); // [dim, nc]
  return {
    block(q0, nq, c0, n) {
      const scores = tf.tidy(() => {
        const q = tf.tensor2d(queries.subarray(q0 * dim, (q0 + nq) * dim), [nq, dim]);
        const c = c0 === 0 && n === nc ? candT : tf.slice(candT, [0, c0], [dim, n]);
        return tf.matMul(q, c); // [nq, n]
      });
      const values = scores.dataSync() as Float32Array;
      scores.dispose();
      return values;
    },
    dispose() {
      candT.dispose();
    },
  };
};
