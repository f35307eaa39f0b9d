/**
 * A single-layer LSTM written with tf ops, for training on wasm:
 * - gates use the logistic sigmoid (PyTorch's convention; tfjs-layers
 *   defaults to hardSigmoid);
 * - the input projection of all time steps is ONE matMul, and time runs
 *   over the leading axis ([T, B, ·], unstacked on axis 0, which is cheap);
 * - a mask keeps the state unchanged on padding steps, so each sequence's
 *   final state is the state after its own last real step, however far the
 *   batch is padded. A sequence of length 0 ends in the initial (zero) state.
 *
 * Parameter layout: kernel [in, 4H], recurrent [H, 4H], bias [4H], gates in
 * the order input, forget, output, cell (the three sigmoid gates first, so
 * one sigmoid covers them).
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamStore } from './params.js';

export class Lstm {
  readonly kernel: tf.Variable;
  readonly recurrent: tf.Variable;
  readonly bias: tf.Variable;

  constructor(
    store: ParamStore,
    readonly name: string,
    readonly inDim: number,
    readonly hidden: number,
  ) {
    const h4 = 4 * hidden;
    this.kernel = store.glorot(`${name}.kernel`, inDim, h4);
    this.recurrent = store.glorot(`${name}.recurrent`, hidden, h4);
    // Forget-gate bias 1 (Jozefowicz et al. 2015): remember by default at the start of training.
    const bias = new Float32Array(h4);
    bias.fill(1, hidden, 2 * hidden);
    this.bias = store.add(`${name}.bias`, [h4], bias);
  }

  /**
   * x: [T, B, in] time-major inputs; mask: [T, B] with 1 on real steps, 0 on padding.
   * Returns the final hidden state [B, H].
   */
  lastState(x: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const [T, B, inDim] = x.shape;
      if (inDim !== this.inDim) throw new Error(`Lstm ${this.name}: expected inputs of width ${this.inDim}, got ${inDim}`);
      if (mask.shape[0] !== T || mask.shape[1] !== B) {
        throw new Error(`Lstm ${this.name}: mask shape [${mask.shape}] does not match inputs [${T}, ${B}]`);
      }
      const H = this.hidden;
      let h = tf.zeros([B, H]) as tf.Tensor2D;
      let c = tf.zeros([B, H]) as tf.Tensor2D;
      if (T === 0) return h;
      // [T*B, in]·[in, 4H] + b → [T, B, 4H]
      const projected = tf.add(tf.matMul(tf.reshape(x, [T * B, inDim]), this.kernel as tf.Tensor2D), this.bias);
      const steps = tf.unstack(tf.reshape(projected, [T, B, 4 * H])) as tf.Tensor2D[];
      const keep = tf.unstack(tf.cast(tf.reshape(mask, [T, B, 1]), 'bool')) as tf.Tensor2D[];
      for (let t = 0; t < T; t++) {
        // h is all zeros before the first step: its recurrent product is too.
        const z = t === 0 ? steps[t] : tf.add(steps[t], tf.matMul(h, this.recurrent as tf.Tensor2D));
        const gates = tf.sigmoid(tf.slice(z, [0, 0], [B, 3 * H]));
        const cell = tf.tanh(tf.slice(z, [0, 3 * H], [B, H]));
        const i = tf.slice(gates, [0, 0], [B, H]);
        const f = tf.slice(gates, [0, H], [B, H]);
        const o = tf.slice(gates, [0, 2 * H], [B, H]);
        const cNew = tf.add(tf.mul(f, c), tf.mul(i, cell));
        const hNew = tf.mul(o, tf.tanh(cNew));
        // where() (not m*new + (1-m)*old) returns the old state bit for bit on padding.
        c = tf.where(keep[t], cNew, c) as tf.Tensor2D;
        h = tf.where(keep[t], hNew, h) as tf.Tensor2D;
      }
      return h;
    });
  }
}
