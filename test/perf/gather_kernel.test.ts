/** The wasm GatherV2 replacement (row copies) against the cpu backend: axes, index shapes, dtypes, bad indices, gradient. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';

type Case = [name: string, shape: number[], dtype: 'float32' | 'int32', indices: number[], indexShape: number[], axis: number];

const CASES: Case[] = [
  ['rows of a table', [6, 20], 'float32', [5, 0, 3, 3, 1], [5], 0],
  ['2-d indices', [6, 20], 'float32', [5, 0, 3, 3, 1, 2], [2, 3], 0],
  ['columns (axis 1)', [4, 7, 3], 'float32', [6, 0, 2], [3], 1],
  ['last axis, inner 1', [3, 5], 'int32', [4, 4, 0], [3], -1],
  ['scalar rows', [9], 'float32', [8, 1, 1], [3], 0],
  ['no indices', [4, 3], 'float32', [], [0], 0],
];

async function gather(backend: 'cpu' | 'wasm', c: Case): Promise<{ shape: number[]; values: number[] }> {
  await initBackend(backend);
  const [, shape, dtype, indices, indexShape, axis] = c;
  const n = shape.reduce((p, s) => p * s, 1);
  const x = tf.tensor(Array.from({ length: n }, (_, i) => (dtype === 'int32' ? i * 3 - 7 : Math.sin(i))), shape, dtype);
  const out = tf.gather(x, tf.tensor(indices, indexShape, 'int32'), axis);
  const r = { shape: out.shape, values: Array.from(out.dataSync()) };
  tf.dispose([x, out]);
  return r;
}

test('gather on wasm equals the cpu backend', async () => {
  for (const c of CASES) {
    const expected = await gather('cpu', c);
    const got = await gather('wasm', c);
    assert.deepEqual(got.shape, expected.shape, `${c[0]}: shape`);
    assert.deepEqual(got.values, expected.values, `${c[0]}: values`);
  }
});

test('gather on wasm rejects an index out of range', async () => {
  await initBackend('wasm');
  const before = tf.memory().numTensors;
  assert.throws(() => tf.tidy(() => tf.gather(tf.zeros([3, 2]), tf.tensor1d([0, 3], 'int32'))), /index value 3 is not in \[0, 2\]/);
  assert.equal(tf.memory().numTensors, before);
});

test('the gradient of a gathered embedding on wasm equals the cpu backend', async () => {
  const grad = async (backend: 'cpu' | 'wasm'): Promise<number[]> => {
    await initBackend(backend);
    return tf.tidy(() => {
      const table = tf.tensor2d(Array.from({ length: 15 }, (_, i) => i / 7), [5, 3]);
      const ids = tf.tensor1d([4, 1, 1, 0], 'int32');
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, ids))))(table);
      return Array.from(g.dataSync());
    });
  };
  const cpu = await grad('cpu');
  const wasm = await grad('wasm');
  cpu.forEach((v, i) => assert.ok(Math.abs(wasm[i] - v) < 1e-6, `[${i}] ${wasm[i]} vs ${v}`));
});
