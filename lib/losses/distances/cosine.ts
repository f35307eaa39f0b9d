/** Cosine distance d(x, y) = 1 − cos(x, y), the one distance of the paper (docs/method.md §4.1). */
import * as tf from '@tensorflow/tfjs';
import type { Distance } from './distance.js';

/** d[i, j] = 1 − cos(a_i, b_j); rows need not be unit-norm. */
export const cosine: Distance = {
  inverted: false,
  matrix(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
    const unit = (x: tf.Tensor2D) => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12)));
    // A plain matMul of an explicit transpose: the transpose flags are slow on wasm.
    return tf.sub(1, tf.matMul(unit(a), tf.transpose(unit(b)))) as tf.Tensor2D;
  },
};
