import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend, nativeRankingKernels } from '../../lib/backend/index.js';
import { blasDotProducts } from '../../lib/metrics/blas_dot_products.js';
import { jsDotProducts } from '../../lib/metrics/dot_products.js';
import { countAbove, unitBag } from '../../lib/metrics/ranks.js';
import { gaussian, rankFixtures } from './helpers.js';

await initBackend('wasm');
const kernels = nativeRankingKernels();

test('the native counting kernel makes the JavaScript loop\'s every decision: same counts, same entries settled, any row range and block', (t) => {
  if (!kernels) return t.skip('the native addon is not built (npm run build:native) or RECIPE1M_NATIVE_BLAS=0');
  // Random rows (few near-ties) and the tie-heavy fixtures (every entry of the identical bag is settled).
  const bags = [{ name: 'gaussian', images: gaussian(300, 64, 1), recipes: gaussian(300, 64, 2), count: 300, dim: 64 }, ...rankFixtures(200)];
  for (const f of bags) {
    const bag = unitBag(f.images, f.recipes, f.count, f.dim);
    for (const [r0, r1, blockRows] of [[0, f.count, 1000], [0, f.count, 7], [Math.floor(f.count / 3), f.count, 50]] as const) {
      const js = jsDotProducts(bag.images, bag.recipes, bag.dim);
      const blas = blasDotProducts(kernels)(bag.images, bag.recipes, bag.dim);
      const want = countAbove(js, bag, r0, r1, blockRows);
      const got = countAbove(blas, bag, r0, r1, blockRows);
      const where = `${f.name}, rows ${r0}..${r1}, blocks of ${blockRows}`;
      assert.deepEqual(got.rows, want.rows, `${where}: rows`);
      assert.deepEqual(got.cols, want.cols, `${where}: cols`);
      assert.equal(got.settled, want.settled, `${where}: settled`);
      if (f.name === 'identical') assert.equal(want.settled, (r1 - r0) * (f.count - 1), `${where}: every off-diagonal entry is a tie`);
      blas.dispose();
    }
  }
});

test('the native counting kernel refuses arrays that do not fit', (t) => {
  if (!kernels) return t.skip('the native addon is not built (npm run build:native) or RECIPE1M_NATIVE_BLAS=0');
  const bag = unitBag(gaussian(10, 4, 1), gaussian(10, 4, 2), 10, 4);
  const dots = blasDotProducts(kernels)(bag.images, bag.recipes, 4);
  const s = dots.block(0, 5, 0, 10);
  assert.throws(() => dots.countAbove!(s, 6, 5, bag.match, 1e-6, new Int32Array(5), new Int32Array(10)), /shapes do not fit/);
  assert.throws(() => dots.countAbove!(s, 0, 5, bag.match.subarray(0, 9), 1e-6, new Int32Array(5), new Int32Array(10)), /9 match scores for 10 candidates/);
  assert.throws(() => kernels.countAbove(s, bag.images, bag.recipes, 4, 0, 5, 10, bag.match, 1e-6, new Int32Array(5), new Int32Array(9)), /shapes do not fit/);
});
