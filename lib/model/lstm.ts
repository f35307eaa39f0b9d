/**
 * A single-layer LSTM for training on wasm, over packed sequences
 * (sequences.ts): rows sorted by length, step t holding the first
 * batchSizes[t] rows. Padding is never read, and a row's final state is the
 * state after its own last real step; a row of length 0 keeps the initial
 * (zero) state.
 *
 * - Gates use the logistic sigmoid (PyTorch's convention; tfjs-layers
 *   defaults to hardSigmoid).
 * - The input projection of every real step is ONE matMul.
 * - The recurrence has a hand-written backward pass (tf.customGrad): it
 *   saves only the gate activations and states per step, and accumulates
 *   the recurrent kernel's gradient in one matMul at the end, instead of
 *   the dozens of small taped ops of automatic differentiation.
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
   * data: [Σ batchSizes, in] packed inputs; rows: the number of sequences.
   * Returns the final states [rows, H], in the packed (sorted) row order.
   */
  lastState(data: tf.Tensor2D, batchSizes: number[], rows: number): tf.Tensor2D {
    return tf.tidy(() => {
      const total = batchSizes.reduce((s, n) => s + n, 0);
      if (data.shape[0] !== total || data.shape[1] !== this.inDim) {
        throw new Error(`Lstm ${this.name}: expected packed inputs [${total}, ${this.inDim}], got [${data.shape}]`);
      }
      if (total === 0) return tf.zeros([rows, this.hidden]) as tf.Tensor2D;
      const projected = tf.add(tf.matMul(data, this.kernel as tf.Tensor2D), this.bias) as tf.Tensor2D; // [Σn, 4H]
      return lstmRecurrence(projected, this.recurrent as tf.Tensor2D, batchSizes, rows);
    });
  }
}

interface StepSaved {
  /** sigmoid gates i, f, o [n, 3H] */
  s: tf.Tensor2D;
  /** tanh cell candidate [n, H] */
  g: tf.Tensor2D;
  /** previous cell state [n, H] */
  cPrev: tf.Tensor2D;
  /** tanh of the new cell state [n, H] */
  tc: tf.Tensor2D;
  /** previous hidden state [n, H] */
  hPrev: tf.Tensor2D;
}

const FIELDS = 5;

/** Rows [from, to) of x. */
function rowsOf(x: tf.Tensor2D, from: number, to: number): tf.Tensor2D {
  return from === 0 && to === x.shape[0] ? x : tf.slice(x, [from, 0], [to - from, x.shape[1]]);
}

/**
 * The recurrence over packed projected inputs [Σn, 4H] (bias included),
 * with recurrent kernel U [H, 4H]; returns the final hidden states [rows, H].
 * Rows are sorted by length, so the rows that end at step t are the block
 * [batchSizes[t+1], batchSizes[t]): their final states are set aside there,
 * and the running state shrinks to the rows still going.
 */
function lstmRecurrence(projected: tf.Tensor2D, U: tf.Tensor2D, batchSizes: number[], rows: number): tf.Tensor2D {
  const H = U.shape[0];
  const T = batchSizes.length;
  const offsets: number[] = [];
  batchSizes.reduce((off, n) => (offsets.push(off), off + n), 0);
  const size = (t: number) => (t < T ? batchSizes[t] : 0);
  const run = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, rec, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    let h = tf.zeros([size(0), H]) as tf.Tensor2D;
    let c = h;
    const saved: tf.Tensor[] = [];
    const finals: tf.Tensor2D[] = [];
    for (let t = 0; t < T; t++) {
      const n = size(t);
      const next = size(t + 1);
      const xt = rowsOf(x, offsets[t], offsets[t] + n);
      // h is all zeros before the first step: its recurrent product is too.
      const z = t === 0 ? xt : tf.add(xt, tf.matMul(h, rec));
      const s = tf.sigmoid(tf.slice(z, [0, 0], [n, 3 * H])) as tf.Tensor2D;
      const g = tf.tanh(tf.slice(z, [0, 3 * H], [n, H])) as tf.Tensor2D;
      const i = tf.slice(s, [0, 0], [n, H]);
      const f = tf.slice(s, [0, H], [n, H]);
      const o = tf.slice(s, [0, 2 * H], [n, H]);
      const cNew = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
      const tc = tf.tanh(cNew) as tf.Tensor2D;
      const hNew = tf.mul(o, tc) as tf.Tensor2D;
      saved.push(s, g, c, tc, h);
      if (next < n) finals.push(rowsOf(hNew, next, n));
      h = rowsOf(hNew, 0, next);
      c = rowsOf(cNew, 0, next);
    }
    save(saved);
    // finals holds the blocks from the last rows up; rows that never ran (length 0) stay zero.
    const blocks = finals.reverse();
    if (size(0) < rows) blocks.push(tf.zeros([rows - size(0), H]));
    const value = blocks.length === 1 ? blocks[0] : (tf.concat(blocks, 0) as tf.Tensor2D);
    const gradFunc = (dy: tf.Tensor, kept: tf.Tensor[]): tf.Tensor[] =>
      tf.tidy(() => {
        const step = (t: number): StepSaved => {
          const [s, g, cPrev, tc, hPrev] = kept.slice(FIELDS * t, FIELDS * t + FIELDS) as tf.Tensor2D[];
          return { s, g, cPrev, tc, hPrev };
        };
        const dFinal = dy as tf.Tensor2D;
        const UT = tf.transpose(rec) as tf.Tensor2D;
        // Gradients w.r.t. the state after step t, for the rows still running after it.
        let dh: tf.Tensor2D | null = null;
        let dc: tf.Tensor2D | null = null;
        const dz: tf.Tensor2D[] = new Array(T);
        for (let t = T - 1; t >= 0; t--) {
          const n = size(t);
          const next = size(t + 1);
          // Rows ending at step t receive the gradient of the final states; their cell state has no later use.
          const dhNew: tf.Tensor2D = next === n ? (dh as tf.Tensor2D) : next === 0 ? rowsOf(dFinal, 0, n) : (tf.concat([dh as tf.Tensor2D, rowsOf(dFinal, next, n)], 0) as tf.Tensor2D);
          const dcIn: tf.Tensor2D | null = next === n ? dc : next === 0 ? null : (tf.concat([dc as tf.Tensor2D, tf.zeros([n - next, H])], 0) as tf.Tensor2D);
          const { s, g, cPrev, tc } = step(t);
          const i = tf.slice(s, [0, 0], [n, H]);
          const f = tf.slice(s, [0, H], [n, H]);
          const o = tf.slice(s, [0, 2 * H], [n, H]);
          // dL/dc_t: from c_t itself and through h_t = o * tanh(c_t).
          const viaH = tf.mul(tf.mul(dhNew, o), tf.sub(1, tf.square(tc)));
          const dcNew = dcIn ? tf.add(dcIn, viaH) : viaH;
          const dGates = tf.concat([tf.mul(dcNew, g), tf.mul(dcNew, cPrev), tf.mul(dhNew, tc)], 1);
          const dzs = tf.mul(dGates, tf.mul(s, tf.sub(1, s)));
          const dzg = tf.mul(tf.mul(dcNew, i), tf.sub(1, tf.square(g)));
          dz[t] = tf.concat([dzs, dzg], 1) as tf.Tensor2D;
          if (t > 0) {
            dh = tf.matMul(dz[t], UT) as tf.Tensor2D;
            dc = tf.mul(dcNew, f) as tf.Tensor2D;
          }
        }
        const dx = T === 1 ? dz[0] : tf.concat(dz, 0);
        // dU = Σ_t hPrev_tᵀ dz_t over t ≥ 1 (h before step 0 is zero), as one matMul.
        const dU =
          T === 1
            ? tf.zerosLike(rec)
            : tf.matMul(tf.transpose(tf.concat(Array.from({ length: T - 1 }, (_, k) => step(k + 1).hPrev), 0)), tf.concat(dz.slice(1), 0));
        return [dx, dU];
      });
    return { value, gradFunc };
  });
  return run(projected, U) as tf.Tensor2D;
}
