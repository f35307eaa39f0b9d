import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../lib/backend.js';
import { RankWorkerPool } from '../../lib/metrics/parallel_ranks.js';
import { retrievalMetrics, retrievalMetricsParallel } from '../../lib/metrics/retrieval.js';
import { tfDotProducts } from '../../lib/metrics/tf_dot_products.js';
import { gaussian } from './helpers.js';

// The hand-built tie case of ranks.test.ts.
const tieImages = Float32Array.from([1, 0, 0, 2, 1, 1, 3, 0]);
const tieRecipes = Float32Array.from([1, 0, 1, 1, 0, 1, 1, -1]);

test('worker pool: hand-built ties, five workers over four one-row blocks (one idle)', async () => {
  for (const threads of [5]) {
    const pool = await RankWorkerPool.start(threads);
    try {
      const r = await pool.rank(tieImages, tieRecipes, 4, 2, 1);
      assert.deepEqual(Array.from(r.im2recipe), [1, 2, 2, 2], `im2recipe, ${threads} threads`);
      assert.deepEqual(Array.from(r.recipe2im), [1, 2, 2, 1], `recipe2im, ${threads} threads`);
    } finally {
      await pool.close();
    }
  }
});

test('parallel metrics equal the single-threaded tf engine on random data', async () => {
  await initBackend('wasm');
  const count = 400;
  const dim = 64;
  const input = { images: gaussian(count, dim, 91), recipes: gaussian(count, dim, 92), count, dim };
  const opts = { nb_bags: 2, nb_matchs_per_bag: 150, protocol: 'independent' as const, seed: 6 };
  const parallel = await retrievalMetricsParallel(input, { ...opts, threads: 2 });
  assert.deepEqual(parallel, retrievalMetrics(input, { ...opts, dot: tfDotProducts }));
});

test('a zero row is reported through the parallel path', async () => {
  const input = { images: new Float32Array(4), recipes: tieRecipes.subarray(0, 4), count: 2, dim: 2 };
  await assert.rejects(retrievalMetricsParallel(input, { nb_bags: 1, nb_matchs_per_bag: 2, protocol: 'disjoint', seed: 1, threads: 1 }), /row 0 has norm 0/);
});
