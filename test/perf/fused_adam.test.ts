/**
 * FusedAdam (one update kernel per variable on wasm) against tfjs's Adam on
 * the cpu backend: same parameters and moments after several steps, with
 * and without a gradient scale, and a variable without a gradient left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { FusedAdam } from '../../lib/engine/fused_adam.js';

interface Run {
  params: Float32Array[];
  moments: Float32Array[];
  iterations: number;
}

let counter = 0;

function train(optimizer: tf.AdamOptimizer, scale: number): Run {
  const a = tf.variable(tf.tensor2d([0.5, -1, 2, 0.25, 3, -0.75], [2, 3]), true, `fa_a${counter}`);
  const b = tf.variable(tf.tensor1d([1, -2, 0.1]), true, `fa_b${counter}`);
  const frozen = tf.variable(tf.tensor1d([7, 8]), true, `fa_c${counter++}`);
  for (let step = 0; step < 5; step++) {
    const grads = tf.tidy(() => [
      tf.mul(tf.sin(tf.add(a, step)), 0.3 + step),
      tf.cos(tf.mul(b, step + 1)),
    ]);
    const list = [
      { name: a.name, tensor: grads[0] },
      { name: b.name, tensor: grads[1] },
      { name: frozen.name, tensor: null as unknown as tf.Tensor },
    ];
    // Scaled as the training step clips, before the optimizer.
    tf.tidy(() => optimizer.applyGradients(list.map((g) => ({ name: g.name, tensor: g.tensor === null ? g.tensor : tf.mul(g.tensor, scale) }))));
    tf.dispose(grads);
  }
  const state = optimizer as unknown as { accumulatedFirstMoment: { variable: tf.Variable }[]; accumulatedSecondMoment: { variable: tf.Variable }[] };
  const run: Run = {
    params: [a, b, frozen].map((v) => v.dataSync() as Float32Array),
    moments: [...state.accumulatedFirstMoment.slice(0, 2), ...state.accumulatedSecondMoment.slice(0, 2)].map((m) => m.variable.dataSync() as Float32Array),
    iterations: optimizer.iterations,
  };
  tf.dispose([a, b, frozen]);
  optimizer.dispose();
  return run;
}

function assertClose(x: Float32Array, y: Float32Array, what: string): void {
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i] - y[i]) <= 1e-6 + 1e-5 * Math.abs(y[i]), `${what}[${i}]: ${x[i]} vs ${y[i]}`);
}

for (const scale of [1, 0.25]) {
  test(`FusedAdam on wasm equals tfjs Adam on cpu (gradient scale ${scale})`, async () => {
    await initBackend('cpu');
    const expected = train(tf.train.adam(0.05), scale);
    await initBackend('wasm');
    const got = train(new FusedAdam(0.05), scale);
    assert.equal(got.iterations, expected.iterations);
    assert.ok(expected.params[0].some((v, i) => Math.abs(v - [0.5, -1, 2, 0.25, 3, -0.75][i]) > 0.01), 'the parameters moved');
    got.params.forEach((p, k) => assertClose(p, expected.params[k], `param ${k}`));
    got.moments.forEach((m, k) => assertClose(m, expected.moments[k], `moment ${k}`));
    assert.deepEqual([...got.params[2]], [7, 8], 'a variable without a gradient is untouched');
  });
}

test('FusedAdam falls back to tfjs Adam on a backend without the kernel', async () => {
  await initBackend('cpu');
  const expected = train(tf.train.adam(0.05), 0.5);
  const got = train(new FusedAdam(0.05), 0.5);
  got.params.forEach((p, k) => assertClose(p, expected.params[k], `param ${k}`));
});

test('FusedAdam saves and restores the same weights as tfjs Adam (checkpoint contract)', async () => {
  await initBackend('wasm');
  const x = tf.variable(tf.tensor1d([1, -1, 0.5]), true, 'fa_ckpt');
  const step = (o: tf.Optimizer) => tf.tidy(() => o.applyGradients([{ name: x.name, tensor: tf.tensor1d([0.3, -0.2, 0.1]) }]));
  const fused = new FusedAdam(0.01);
  const plain = tf.train.adam(0.01);
  step(fused);
  step(plain);
  const [wf, wp] = [await fused.getWeights(), await plain.getWeights()];
  assert.deepEqual(wf.map((w) => w.name), wp.map((w) => w.name));
  const restored = new FusedAdam(0.01);
  await restored.setWeights(wf);
  assert.equal(restored.iterations, 1);
  const m = (await restored.getWeights()).find((w) => w.name === 'fa_ckpt/m') as { tensor: tf.Tensor };
  assert.deepEqual(Array.from(m.tensor.dataSync()), Array.from((wf.find((w) => w.name === 'fa_ckpt/m') as { tensor: tf.Tensor }).tensor.dataSync()));
  [fused, plain, restored].forEach((o) => o.dispose());
  x.dispose();
});
