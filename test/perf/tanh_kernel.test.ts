/** The wasm Tanh replacement (2·sigmoid(2x) − 1) against Math.tanh, and its gradient against the cpu backend. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';

const xs = [0, 1e-6, -1e-3, 0.1, -0.5, 1, -2, 3.7, 9, -15, 40, -1e4, Infinity, -Infinity];

test('tanh on wasm matches Math.tanh within 2.5e-7 absolute', async () => {
  await initBackend('wasm');
  const grid = Float32Array.from({ length: 2001 }, (_, i) => (i - 1000) / 100);
  for (const values of [Float32Array.from(xs), grid]) {
    const y = tf.tidy(() => tf.tanh(tf.tensor1d(values)).dataSync());
    values.forEach((x, i) => assert.ok(Math.abs(y[i] - Math.tanh(x)) <= 2.5e-7, `tanh(${x}) = ${y[i]}, expected ${Math.tanh(x)}`));
  }
  assert.ok(Number.isNaN(tf.tidy(() => tf.tanh(tf.scalar(NaN)).dataSync()[0])), 'tanh(NaN) is NaN');
});

test('the gradient through tanh on wasm equals the cpu backend', async () => {
  const grad = async (backend: 'cpu' | 'wasm'): Promise<Float32Array> => {
    await initBackend(backend);
    return tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.tanh(tf.tanh(x)), tf.range(0, 7))))(tf.tensor2d([-3, -1, -0.2, 0, 0.3, 1.5, 4], [1, 7])).dataSync() as Float32Array);
  };
  const cpu = await grad('cpu');
  const wasm = await grad('wasm');
  cpu.forEach((v, i) => assert.ok(Math.abs(wasm[i] - v) <= 1e-6, `d/dx[${i}]: ${wasm[i]} vs ${v}`));
});

test('tanh of an empty tensor is empty', async () => {
  await initBackend('wasm');
  assert.deepEqual(tf.tidy(() => tf.tanh(tf.tensor1d([], 'float32')).shape), [0]);
});
