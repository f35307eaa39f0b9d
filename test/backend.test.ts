import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../lib/backend.js';

/** Runs fn on a backend and returns plain arrays, so results of two backends can be compared. */
async function on(backend: 'cpu' | 'wasm', fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await initBackend(backend);
  const outs = tf.tidy(fn);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

function assertClose(a: Float32Array, b: Float32Array, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths differ`);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

function gatherLossGrads(): tf.Tensor[] {
  const table = tf.variable(tf.tensor2d([...Array(40).keys()].map((i) => Math.sin(i)), [10, 4]), true, 'tbl');
  const w = tf.tensor2d([...Array(12).keys()].map((i) => Math.cos(i)), [4, 3]);
  const ids = tf.tensor1d([1, 3, 3, 7, 0, 9], 'int32');
  const f = () => tf.tanh(tf.matMul(tf.gather(table, ids), w)).square().sum() as tf.Scalar;
  const { grads } = tf.variableGrads(f, [table]);
  const out = [grads[table.name]];
  table.dispose();
  return out;
}

function transposedMatMuls(): tf.Tensor[] {
  const a = tf.tensor3d([...Array(2 * 5 * 3).keys()].map((i) => Math.sin(i * 0.7)), [2, 5, 3]);
  const b = tf.tensor3d([...Array(2 * 5 * 4).keys()].map((i) => Math.cos(i * 0.3)), [2, 5, 4]);
  const c = tf.tensor3d([...Array(2 * 4 * 3).keys()].map((i) => Math.cos(i * 0.9)), [2, 4, 3]);
  return [tf.matMul(a, b, true, false), tf.matMul(a, c, false, true), tf.matMul(b, a.transpose([0, 2, 1]), true, true)];
}

test('a gathered embedding trains on wasm, with the gradient of the cpu backend', async () => {
  const [cpu] = await on('cpu', gatherLossGrads);
  const [wasm] = await on('wasm', gatherLossGrads);
  assert.ok(cpu.some((v) => v !== 0), 'the gradient is not all zero');
  assertClose(wasm, cpu, 1e-5, 'd loss / d table');
});

test('transposed matMul on wasm equals the cpu result', async () => {
  const cpu = await on('cpu', transposedMatMuls);
  const wasm = await on('wasm', transposedMatMuls);
  cpu.forEach((c, i) => assertClose(wasm[i], c, 1e-5, `case ${i}`));
});

test('an optimizer step through gather changes the embedding on wasm and leaks no tensor', async () => {
  await initBackend('wasm');
  const table = tf.variable(tf.randomNormal([20, 8], 0, 1, 'float32', 1));
  const opt = tf.train.adam(0.01);
  const ids = tf.tensor1d([2, 5, 5, 11], 'int32');
  const before = table.dataSync().slice();
  const step = () => opt.minimize(() => tf.gather(table, ids).square().mean() as tf.Scalar);
  step();
  const tensors = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) step();
  assert.equal(tf.memory().numTensors, tensors, 'tensor count grew across steps');
  const after = table.dataSync();
  assert.notEqual(after[2 * 8], before[2 * 8], 'a gathered row changed');
  assert.equal(after[0], before[0], 'a row never gathered is untouched');
  opt.dispose(); table.dispose(); ids.dispose();
});

test('RECIPE1M_BACKEND names an unknown backend: a clear error', async () => {
  process.env.RECIPE1M_BACKEND = 'tpu';
  try {
    await assert.rejects(initBackend(), /RECIPE1M_BACKEND=tpu is not a backend/);
  } finally {
    delete process.env.RECIPE1M_BACKEND;
  }
});

test('a forced native backend that is not installed fails clearly', async () => {
  let installed = true;
  try { await import('@tensorflow/tfjs-node' as string); } catch { installed = false; }
  if (installed) return;
  await assert.rejects(initBackend('node'), /backend 'node' cannot be loaded/);
});
