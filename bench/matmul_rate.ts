/** Measured matMul throughput of the current backend: the denominator of the efficiency ratio. */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../lib/util/random.js';

function randomMatrix(rows: number, cols: number, rng: Random): tf.Tensor2D {
  const v = new Float32Array(rows * cols);
  for (let i = 0; i < v.length; i++) v[i] = rng.uniform(-1, 1);
  return tf.tensor2d(v, [rows, cols]);
}

export interface MatMulRate {
  m: number;
  k: number;
  n: number;
  gflops: number;
  ms: number;
}

/** GFLOP/s of [m,k]·[k,n] (optionally with transpose flags), best of `reps` after one warm-up. */
export function matMulRate(m: number, k: number, n: number, reps: number, transpose: { a?: boolean; b?: boolean } = {}): MatMulRate {
  const rng = new Random(m * 31 + k * 7 + n);
  const a = transpose.a ? randomMatrix(k, m, rng) : randomMatrix(m, k, rng);
  const b = transpose.b ? randomMatrix(n, k, rng) : randomMatrix(k, n, rng);
  const once = (): number => {
    const t0 = performance.now();
    const c = tf.matMul(a, b, transpose.a, transpose.b);
    c.dataSync();
    const ms = performance.now() - t0;
    c.dispose();
    return ms;
  };
  once();
  let best = Infinity;
  for (let r = 0; r < reps; r++) best = Math.min(best, once());
  a.dispose();
  b.dispose();
  return { m, k, n, ms: best, gflops: (2 * m * k * n) / best / 1e6 };
}
