import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { Lstm } from '../../lib/model/lstm.js';
import { ParamStore } from '../../lib/model/params.js';
import { packLengths } from '../../lib/model/sequences.js';

before(async () => {
  await initBackend('cpu');
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function setValues(lstm: Lstm, kernel: number[], recurrent: number[], bias: number[]): void {
  lstm.kernel.assign(tf.tensor(kernel, lstm.kernel.shape));
  lstm.recurrent.assign(tf.tensor(recurrent, lstm.recurrent.shape));
  lstm.bias.assign(tf.tensor(bias, lstm.bias.shape));
}

test('two steps match a hand computation with the logistic sigmoid (gate order i, f, o, g)', () => {
  const store = new ParamStore(1);
  const lstm = new Lstm(store, 'one', 2, 1);
  const K = [0.5, -0.3, 0.8, 0.2, 0.1, 0.7, -0.6, 0.4]; // [2, 4]
  const U = [0.9, -0.5, 0.3, 0.6]; // [1, 4]
  const b = [0.1, 1, -0.2, 0.05];
  setValues(lstm, K, U, b);
  const xs = [[0.5, -1], [2, 0.25]];
  let h = 0;
  let c = 0;
  for (const x of xs) {
    const z = [0, 1, 2, 3].map((j) => x[0] * K[j] + x[1] * K[4 + j] + h * U[j] + b[j]);
    const [i, f, o, g] = [sigmoid(z[0]), sigmoid(z[1]), sigmoid(z[2]), Math.tanh(z[3])];
    c = f * c + i * g;
    h = o * Math.tanh(c);
  }
  const out = tf.tidy(() => lstm.lastState(tf.tensor2d(xs), [1, 1], 1).dataSync());
  assert.ok(Math.abs(out[0] - h) < 1e-6, `${out[0]} vs ${h}`);
  // With hardSigmoid (tfjs-layers' default) the value would differ noticeably.
  assert.ok(Math.abs(h) > 1e-3);
  store.dispose();
});

/** Automatic-differentiation reference: a padded [T, B, in] batch, masks, plain tf ops. */
function referenceLastState(lstm: Lstm, x: tf.Tensor3D, lengths: number[]): tf.Tensor2D {
  const [T, B] = x.shape;
  const H = lstm.hidden;
  let h = tf.zeros([B, H]) as tf.Tensor2D;
  let c = tf.zeros([B, H]) as tf.Tensor2D;
  for (let t = 0; t < T; t++) {
    const z = tf.add(tf.add(tf.matMul(tf.squeeze(tf.slice(x, [t, 0, 0], [1, B, x.shape[2]]), [0]), lstm.kernel), tf.matMul(h, lstm.recurrent)), lstm.bias);
    const [i, f, o, g] = tf.split(z, 4, 1);
    const cNew = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    const hNew = tf.mul(tf.sigmoid(o), tf.tanh(cNew));
    const m = tf.tensor2d(lengths.map((l) => (t < l ? 1 : 0)), [B, 1]);
    c = tf.add(tf.mul(m, cNew), tf.mul(tf.sub(1, m), c)) as tf.Tensor2D;
    h = tf.add(tf.mul(m, hNew), tf.mul(tf.sub(1, m), h)) as tf.Tensor2D;
  }
  return h;
}

/** The packed rows of a padded [T, B, in] array, in the order packLengths gives. */
function packRows(x: number[][][], lengths: number[]): { data: number[][]; batchSizes: number[]; rank: Int32Array } {
  const p = packLengths(lengths, x.length, 'test');
  const data: number[][] = [];
  p.batchSizes.forEach((n, t) => {
    for (let k = 0; k < n; k++) data.push(x[t][p.order[k]]);
  });
  return { data, batchSizes: p.batchSizes, rank: p.rank };
}

test('custom gradient equals automatic differentiation, padding and empty rows included', () => {
  const store = new ParamStore(7);
  const lstm = new Lstm(store, 'grad', 3, 4);
  const lengths = [2, 4, 0, 3, 4];
  const T = 4;
  const B = lengths.length;
  const x = [...Array(T)].map((_, t) => [...Array(B)].map((_, b) => [0, 1, 2].map((j) => Math.sin(1 + t * 7 + b * 3 + j))));
  const w = tf.tensor2d([...Array(B * 4)].map((_, k) => Math.cos(k)), [B, 4]);
  const vars = [lstm.kernel, lstm.recurrent, lstm.bias];
  const packed = packRows(x, lengths);
  const ours = tf.variableGrads(() => {
    const h = tf.gather(lstm.lastState(tf.tensor2d(packed.data), packed.batchSizes, B), tf.tensor1d(packed.rank, 'int32'));
    return tf.sum(tf.mul(h, w)) as tf.Scalar;
  }, vars);
  const ref = tf.variableGrads(() => tf.sum(tf.mul(referenceLastState(lstm, tf.tensor3d(x), lengths), w)) as tf.Scalar, vars);
  assert.ok(Math.abs(ours.value.dataSync()[0] - ref.value.dataSync()[0]) < 1e-5);
  for (const v of vars) {
    const a = ours.grads[v.name].dataSync();
    const r = ref.grads[v.name].dataSync();
    for (let k = 0; k < a.length; k++) assert.ok(Math.abs(a[k] - r[k]) < 1e-5, `${v.name}[${k}]: ${a[k]} vs ${r[k]}`);
    assert.ok(r.some((g) => g !== 0));
  }
  tf.dispose([ours.value, ref.value, ...Object.values(ours.grads), ...Object.values(ref.grads), w]);
  store.dispose();
});

test('custom gradient agrees with finite differences', () => {
  const store = new ParamStore(3);
  const lstm = new Lstm(store, 'fd', 2, 2);
  const data = tf.tensor2d([[0.3, -0.7], [0.1, 0.4], [1.2, -0.2], [0.5, 0.5]]); // lengths [3, 1]: batchSizes [2, 1, 1]
  const batchSizes = [2, 1, 1];
  const loss = () => tf.tidy(() => tf.sum(tf.mul(lstm.lastState(data, batchSizes, 2), tf.tensor2d([[1, -2], [0.5, 3]]))).dataSync()[0]);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(lstm.lastState(data, batchSizes, 2), tf.tensor2d([[1, -2], [0.5, 3]]))) as tf.Scalar, [lstm.recurrent, lstm.kernel]);
  for (const v of [lstm.recurrent, lstm.kernel]) {
    const analytic = grads[v.name].dataSync();
    const base = v.dataSync().slice();
    const eps = 1e-2;
    for (let k = 0; k < base.length; k++) {
      const bump = (delta: number) => {
        const vals = base.slice();
        vals[k] += delta;
        v.assign(tf.tensor(vals, v.shape));
        return loss();
      };
      const numeric = (bump(eps) - bump(-eps)) / (2 * eps);
      assert.ok(Math.abs(numeric - analytic[k]) < 2e-3 + 2e-2 * Math.abs(numeric), `${v.name}[${k}]: ${analytic[k]} vs ${numeric}`);
    }
    v.assign(tf.tensor(base, v.shape));
  }
  tf.dispose([value, ...Object.values(grads), data]);
  store.dispose();
});

test('no sequence at all gives the zero initial state', () => {
  const store = new ParamStore(2);
  const lstm = new Lstm(store, 'empty', 2, 3);
  const out = tf.tidy(() => lstm.lastState(tf.zeros([0, 2]) as tf.Tensor2D, [], 4).dataSync());
  assert.deepEqual([...out], new Array(12).fill(0));
  store.dispose();
});

test('packing sorts rows by length, reverses each row within its own length', async () => {
  const { packIds } = await import('../../lib/model/sequences.js');
  // rows: [5 6 7 _], [8 _ _ _], [], [1 2 3 4]
  const ids = Int32Array.from([5, 6, 7, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
  const p = packIds(ids, [3, 1, 0, 4], 4, true, 'test');
  assert.deepEqual([...p.order], [3, 0, 1, 2]);
  assert.deepEqual([...p.rank], [1, 2, 3, 0]);
  assert.deepEqual(p.batchSizes, [3, 2, 2, 1]);
  assert.deepEqual([...p.ids], [4, 7, 8, 3, 6, 2, 5, 1]);
  assert.throws(() => packIds(ids, [3, 1, 0, 5], 4, false, 'batch.ingredients'), /batch\.ingredients: length 5 of row 3 is outside \[0, 4\]/);
});
