import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend, nativeReduceKernels } from '../../lib/backend/index.js';
import { Random } from '../../lib/util/random.js';

await initBackend('wasm');
const kernels = nativeReduceKernels();

const values = (n: number, seed: number) => {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 6 - 3));
};

test('reduceParts: the float32 sum of the parts in rank order, and its squared norm in float64', (t) => {
  if (!kernels) return t.skip('the native addon is not built (npm run build:native) or RECIPE1M_NATIVE_BLAS=0');
  for (const nparts of [1, 2, 3]) {
    const parts = Array.from({ length: nparts }, (_, p) => values(1001, 10 + p));
    const out = new Float32Array(1001);
    const squares: number = kernels.reduceParts(parts, out);
    const want = new Float32Array(1001);
    let wantSquares = 0;
    for (let i = 0; i < want.length; i++) {
      let v = parts[0][i];
      for (let p = 1; p < nparts; p++) v = Math.fround(v + parts[p][i]);
      want[i] = v;
      wantSquares += v * v;
    }
    assert.deepEqual(out, want, `${nparts} parts`);
    assert.equal(squares, wantSquares, `${nparts} parts: squares`);
  }
  assert.throws(() => kernels.reduceParts([values(3, 1), values(4, 2)], new Float32Array(3)), /every part must be a Float32Array of out's length/);
  assert.throws(() => kernels.reduceParts([], new Float32Array(3)), /1 to 256 Float32Arrays/);
});

test("updateSquares: Σ x0² and Σ (x1 − x0)² as the replica's JavaScript loop computes them", (t) => {
  if (!kernels) return t.skip('the native addon is not built (npm run build:native) or RECIPE1M_NATIVE_BLAS=0');
  const x0 = values(777, 3);
  const x1 = values(777, 4);
  for (const moved of [true, false]) {
    const sums = new Float64Array(2);
    kernels.updateSquares(x0, x1, moved, sums);
    let before = 0;
    let update = 0;
    for (let i = 0; i < x0.length; i++) {
      const a = x0[i];
      before += a * a;
      if (moved) update += (x1[i] - a) * (x1[i] - a);
    }
    assert.deepEqual([...sums], [before, update], `moved ${moved}`);
  }
  assert.throws(() => kernels.updateSquares(x0, x1.subarray(1), true, new Float64Array(2)), /one length/);
});
