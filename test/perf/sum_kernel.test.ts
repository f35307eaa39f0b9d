/** The wasm Sum replacement for leading-axis reductions against the cpu backend, and the reductions it leaves to wasm. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';

type Case = [name: string, shape: number[], axis: number | number[] | null, keepDims: boolean];

const CASES: Case[] = [
  ['rows (bias gradient)', [37, 11], 0, false],
  ['rows, keepDims', [37, 11], 0, true],
  ['two leading axes', [3, 4, 5], [1, 0], false],
  ['negative axis', [6, 2], -2, true],
  ['last axis (wasm kernel)', [6, 5], 1, false],
  ['middle axis (wasm kernel)', [3, 4, 5], 1, false],
  ['everything (wasm kernel)', [3, 4], null, false],
];

async function sum(backend: 'cpu' | 'wasm', c: Case): Promise<{ shape: number[]; values: number[] }> {
  await initBackend(backend);
  const [, shape, axis, keepDims] = c;
  const n = shape.reduce((p, s) => p * s, 1);
  return tf.tidy(() => {
    const out = tf.sum(tf.tensor(Array.from({ length: n }, (_, i) => Math.sin(i) * 10), shape), axis ?? undefined, keepDims);
    return { shape: out.shape, values: Array.from(out.dataSync()) };
  });
}

test('sum on wasm equals the cpu backend', async () => {
  for (const c of CASES) {
    const expected = await sum('cpu', c);
    const got = await sum('wasm', c);
    assert.deepEqual(got.shape, expected.shape, `${c[0]}: shape`);
    got.values.forEach((v, i) => assert.ok(Math.abs(v - expected.values[i]) <= 1e-4, `${c[0]}[${i}]: ${v} vs ${expected.values[i]}`));
  }
});

test('the bias gradient of a broadcast add on wasm equals the cpu backend', async () => {
  const grad = async (backend: 'cpu' | 'wasm'): Promise<number[]> => {
    await initBackend(backend);
    return tf.tidy(() => {
      const x = tf.tensor2d(Array.from({ length: 40 }, (_, i) => Math.cos(i)), [10, 4]);
      const g = tf.grad((b: tf.Tensor) => tf.sum(tf.square(tf.add(x, b))))(tf.tensor1d([0.1, -0.2, 0.3, 0]));
      return Array.from(g.dataSync());
    });
  };
  const cpu = await grad('cpu');
  const wasm = await grad('wasm');
  cpu.forEach((v, i) => assert.ok(Math.abs(wasm[i] - v) < 1e-5, `[${i}] ${wasm[i]} vs ${v}`));
});
