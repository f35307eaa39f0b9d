import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';

/** The LSTM relies on lib/backend's in-place wasm Slice kernel; it must agree with the cpu backend. */
test('wasm Slice (in-place kernel) matches the cpu backend, gradient included', async () => {
  const cases: [number[], number[], number[]][] = [
    [[7, 5], [2, 0], [3, 5]],
    [[7, 5], [1, 2], [4, 3]],
    [[4, 3, 6], [1, 1, 2], [2, 2, 3]],
    [[3, 4, 2, 5], [0, 1, 1, 0], [3, 2, 1, 5]],
    [[9], [3], [4]],
    [[6, 4], [2, 0], [0, 4]],
  ];
  const run = () =>
    cases.map(([shape, begin, size]) => {
      const n = shape.reduce((p, s) => p * s, 1);
      const x = tf.tensor(Array.from({ length: n }, (_, i) => Math.sin(i)), shape);
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.slice(v, begin, size), 2)))(x);
      const out = [Array.from(tf.slice(x, begin, size).dataSync()), Array.from(g.dataSync()), Array.from(tf.slice(tf.cast(x, 'int32'), begin, size).dataSync())];
      tf.dispose([x, g]);
      return out;
    });
  await initBackend('cpu');
  const expected = run();
  await initBackend('wasm');
  const actual = run();
  await initBackend('cpu');
  assert.deepEqual(actual, expected);
});
