/**
 * The native-matMul experiment: OpenBLAS sgemm (1 and 2 threads) against the
 * wasm matMul on the model's shapes, measured alternately in one process so
 * that both see the same machine load.
 * Run: RECIPE1M_NATIVE_BLAS=0 node --import tsx bench/native_matmul.ts [shape-name-prefix]
 */
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../lib/backend/index.js';
import { matMulRate } from './matmul_rate.js';

interface Addon {
  sgemm(a: Float32Array, b: Float32Array, c: Float32Array, batch: number, m: number, k: number, n: number, ta: boolean, tb: boolean, as: number, bs: number): void;
  setThreads(n: number): void;
}

if (process.env.RECIPE1M_NATIVE_BLAS !== '0') throw new Error('run with RECIPE1M_NATIVE_BLAS=0 so that tf.matMul is the wasm kernel');
const module = { exports: {} as Addon };
process.dlopen(module, resolve('native/build/kernels.node'));
const addon = module.exports;
await initBackend('wasm');

function blasRate(m: number, k: number, n: number, ta: boolean, tb: boolean, reps: number): number {
  const a = new Float32Array(m * k).map((_, i) => Math.sin(i));
  const b = new Float32Array(k * n).map((_, i) => Math.cos(i));
  const c = new Float32Array(m * n);
  addon.sgemm(a, b, c, 1, m, k, n, ta, tb, 0, 0);
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    addon.sgemm(a, b, c, 1, m, k, n, ta, tb, 0, 0);
    best = Math.min(best, performance.now() - t0);
  }
  return (2 * m * k * n) / best / 1e6;
}

const shapes: [string, number, number, number, boolean, boolean][] = [
  ['1024^3', 1024, 1024, 1024, false, false],
  ['x_proj 2000x1024x4096', 2000, 1024, 4096, false, false],
  ['recurrent 100x1024x4096', 100, 1024, 4096, false, false],
  ['dW 1024x2000x4096 tA', 1024, 2000, 4096, true, false],
  ['dX 2000x4096x1024 tB', 2000, 4096, 1024, false, true],
  ['dh 100x4096x1024 tB', 100, 4096, 1024, false, true],
  ['word 900x300x2048', 900, 300, 2048, false, false],
  ['word rec 900x512x2048', 900, 512, 2048, false, false],
  ['demo word 900x64x256', 900, 64, 256, false, false],
  ['demo dW 64x9000x256 tA', 64, 9000, 256, true, false],
  ['demo rec 100x128x512', 100, 128, 512, false, false],
  ['demo dh 100x512x128 tB', 100, 512, 128, false, true],
];
const only = process.argv[2];
for (const [name, m, k, n, ta, tb] of shapes) {
  if (only && !name.startsWith(only)) continue;
  const row: Record<string, unknown> = { shape: name };
  for (let round = 0; round < 2; round++) {
    row[`wasm_${round}`] = +matMulRate(m, k, n, 5, { a: ta, b: tb }).gflops.toFixed(1);
    addon.setThreads(1);
    row[`blas1_${round}`] = +blasRate(m, k, n, ta, tb, 5).toFixed(1);
    addon.setThreads(2);
    row[`blas2_${round}`] = +blasRate(m, k, n, ta, tb, 5).toFixed(1);
  }
  console.log(JSON.stringify(row));
}
tf.disposeVariables();
