/**
 * Element-wise and copy kernels that the LSTM cells use, timed on one
 * shape: which wasm kernels are slow enough to replace.
 * Run: node --import tsx bench/kernel_rates.ts [rows] [hidden]
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../lib/backend/index.js';

const rows = Number(process.argv[2] ?? 900);
const H = Number(process.argv[3] ?? 512);
await initBackend();
const x = tf.randomUniform([rows, 4 * H], -2, 2) as tf.Tensor2D;
const y = tf.randomUniform([rows, H], -2, 2) as tf.Tensor2D;
const ops: [string, () => tf.Tensor][] = [
  ['tanh [n,4H]', () => tf.tanh(x)],
  ['sigmoid [n,4H]', () => tf.sigmoid(x)],
  ['mul [n,4H]', () => tf.mul(x, x)],
  ['add [n,4H]', () => tf.add(x, x)],
  ['sub 1-x [n,4H]', () => tf.sub(1, x)],
  ['square [n,4H]', () => tf.square(x)],
  ['slice cols [n,H] of [n,4H]', () => tf.slice(x, [0, H], [rows, H])],
  ['slice rows half', () => tf.slice(x, [0, 0], [rows >> 1, 4 * H])],
  ['concat axis1 4x[n,H]', () => tf.concat([y, y, y, y], 1)],
  ['concat axis0 4x[n,H]', () => tf.concat([y, y, y, y], 0)],
  ['transpose [n,4H]', () => tf.transpose(x)],
  ['sum axis0 [n,4H]', () => tf.sum(x, 0)],
  ['mul scalar [n,4H]', () => tf.mul(x, tf.scalar(0.9))],
  ['div [n,4H]', () => tf.div(x, x)],
  ['sqrt [n,4H]', () => tf.sqrt(tf.abs(x))],
  ['abs [n,4H]', () => tf.abs(x)],
];
for (const [name, f] of ops) {
  tf.dispose(f());
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    const out = f();
    out.dataSync();
    best = Math.min(best, performance.now() - t0);
    out.dispose();
  }
  const elems = name.includes('[n,H]') && !name.includes('concat') ? rows * H : rows * 4 * H;
  console.log(`${name.padEnd(28)} ${best.toFixed(2).padStart(8)} ms  ${((best * 1e6) / elems).toFixed(2).padStart(6)} ns/element`);
}
