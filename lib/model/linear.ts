/** A dense layer y = x·W + b, W stored [in, out] so the forward matMul needs no transpose flag. */
import * as tf from '@tensorflow/tfjs';
import type { ParamStore } from './params.js';

export class Linear {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(store: ParamStore, name: string, inDim: number, outDim: number) {
    this.kernel = store.glorot(`${name}.kernel`, inDim, outDim);
    this.bias = store.constant(`${name}.bias`, [outDim], 0);
  }

  /** [N, in] → [N, out]. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.add(tf.matMul(x, this.kernel as tf.Tensor2D), this.bias));
  }
}

/** Rows divided by their L2 norm; the epsilon keeps an all-zero row finite. */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12))));
}
