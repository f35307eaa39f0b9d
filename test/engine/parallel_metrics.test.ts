/**
 * Retrieval metrics counted on worker threads (lib/metrics/shared_bags.ts
 * through the engine's WorkerPool) are those of the single-thread pass, to
 * the bit, ties and near ties included.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backendInfo, initBackend } from '../../lib/backend/index.js';
import { WorkerPool } from '../../lib/engine/parallel/worker_pool.js';
import { dotEngineFor, rankBagsOnThreads, rankOfMatches, retrievalMetrics, retrievalMetricsWith } from '../../lib/metrics/index.js';
import { Random } from '../../lib/util/random.js';

function rows(count: number, dim: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: count * dim }, () => rng.next() - 0.5);
}

test('ranks and metrics counted on 2 or 3 workers equal the single-thread ones, ties included', async () => {
  await initBackend();
  const dim = 16;
  const count = 300;
  const images = rows(count, dim, 1);
  const recipes = rows(count, dim, 2);
  // Exact ties: duplicated recipes and images (equal scores in both directions), and a recipe equal to its image.
  for (const [from, to] of [[3, 40], [41, 200], [7, 8]]) recipes.copyWithin(to * dim, from * dim, (from + 1) * dim);
  for (const [from, to] of [[5, 90], [91, 250]]) images.copyWithin(to * dim, from * dim, (from + 1) * dim);
  recipes.set(images.subarray(10 * dim, 11 * dim), 10 * dim);
  for (const size of [2, 3]) {
    const pool = new WorkerPool(size);
    try {
      const reference = rankOfMatches(images, recipes, count, dim);
      const input = { images, recipes, count, dim };
      const [counted] = await rankBagsOnThreads(pool, input, [Array.from({ length: count }, (_, i) => i)]);
      assert.deepEqual(counted, reference, `${size} workers`);
      const metric = { nb_bags: 3, nb_matchs_per_bag: 100, protocol: 'disjoint' as const, seed: null };
      const single = retrievalMetrics(input, { ...metric, dot: dotEngineFor(backendInfo().name) });
      const parallel = await retrievalMetricsWith(input, metric, (x, bags) => rankBagsOnThreads(pool, x, bags));
      assert.deepEqual(parallel, single);
    } finally {
      await pool.dispose();
    }
  }
});

test('a row without a cosine (zero norm) stops the counting with the bag row named, as on one thread', async () => {
  await initBackend();
  const dim = 8;
  const images = rows(50, dim, 3);
  const recipes = rows(50, dim, 4);
  images.fill(0, 37 * dim, 38 * dim);
  assert.throws(() => rankOfMatches(images, recipes, 50, dim), /rankOfMatches images: row 37 has norm 0/);
  const pool = new WorkerPool(2);
  try {
    await assert.rejects(rankBagsOnThreads(pool, { images, recipes, count: 50, dim }, [Array.from({ length: 50 }, (_, i) => i)]), /worker 2 of 2 failed: Error: rankOfMatches images: row 37 has norm 0/);
  } finally {
    await pool.dispose();
  }
});
