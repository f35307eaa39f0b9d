/**
 * The optional OpenBLAS matMul kernels (native/, lib/backend/native_addon.ts) against the
 * cpu backend's matMul: plain, transposed, batched and broadcast shapes.
 * Skipped where the addon is not built (npm run build:native).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { backendInfo, initBackend } from '../../lib/backend/index.js';

type Case = [name: string, aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean];

const CASES: Case[] = [
  ['plain', [7, 5], [5, 3], false, false],
  ['transposeA', [5, 7], [5, 3], true, false],
  ['transposeB', [7, 5], [3, 5], false, true],
  ['both', [5, 7], [3, 5], true, true],
  ['batched', [2, 4, 6], [2, 6, 3], false, false],
  ['batched transposed', [2, 6, 4], [2, 3, 6], true, true],
  ['broadcast b', [3, 4, 6], [6, 5], false, false],
  ['broadcast a', [1, 4, 6], [3, 6, 5], false, false],
  ['rank 4', [2, 2, 3, 4], [2, 2, 4, 5], false, false],
  ['larger than a kernel block', [67, 129], [129, 33], false, false],
];

function values(shape: number[], seed: number): Float32Array {
  const n = shape.reduce((p, s) => p * s, 1);
  return Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 1.7 + i * 0.37));
}

async function run(backend: 'cpu' | 'wasm', c: Case): Promise<{ shape: number[]; data: Float32Array }> {
  await initBackend(backend);
  const [, aShape, bShape, ta, tb] = c;
  const out = tf.tidy(() => tf.matMul(tf.tensor(values(aShape, 1), aShape), tf.tensor(values(bShape, 2), bShape), ta, tb));
  const r = { shape: out.shape, data: out.dataSync() as Float32Array };
  out.dispose();
  return r;
}

test('OpenBLAS matMul on the wasm heap equals the cpu backend', async (t) => {
  await initBackend('wasm');
  if (backendInfo().matMul !== 'openblas') {
    t.skip('native/build/kernels.node is not built (npm run build:native)');
    return;
  }
  for (const c of CASES) {
    const expected = await run('cpu', c);
    const got = await run('wasm', c);
    assert.deepEqual(got.shape, expected.shape, `${c[0]}: shape`);
    for (let i = 0; i < got.data.length; i++) {
      assert.ok(Math.abs(got.data[i] - expected.data[i]) <= 1e-4 * (1 + Math.abs(expected.data[i])), `${c[0]}[${i}]: ${got.data[i]} vs ${expected.data[i]}`);
    }
  }
});

test('matMul gradients through the OpenBLAS kernels equal the cpu backend', async (t) => {
  await initBackend('wasm');
  if (backendInfo().matMul !== 'openblas') {
    t.skip('native/build/kernels.node is not built');
    return;
  }
  const grads = async (backend: 'cpu' | 'wasm'): Promise<Float32Array[]> => {
    await initBackend(backend);
    const a = tf.tensor2d(values([6, 4], 3), [6, 4]);
    const b = tf.tensor2d(values([4, 5], 4), [4, 5]);
    const g = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D))))([a, b]);
    const out = g.map((x) => x.dataSync() as Float32Array);
    tf.dispose([a, b, ...g]);
    return out;
  };
  const cpu = await grads('cpu');
  const wasm = await grads('wasm');
  cpu.forEach((c, k) => c.forEach((v, i) => assert.ok(Math.abs(wasm[k][i] - v) <= 1e-4 * (1 + Math.abs(v)), `grad ${k}[${i}]: ${wasm[k][i]} vs ${v}`)));
});
