import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PairBatch } from '../../lib/data/batch.js';
import { EmbeddingCollector } from '../../lib/engine/split_embeddings.js';

/** A batch of the given store indices whose row for index i holds [i, 10 i] in both modalities. */
function batch(indices: number[]): { batch: PairBatch; out: { images: Float32Array; recipes: Float32Array; dim: number } } {
  const rows = Float32Array.from(indices.flatMap((i) => [i, 10 * i]));
  return {
    batch: { size: indices.length, indices: Int32Array.from(indices), ids: indices.map((i) => `r${i}`), imageIds: indices.map((i) => `i${i}.jpg`) } as PairBatch,
    out: { images: rows, recipes: Float32Array.from(rows, (x) => -x), dim: 2 },
  };
}

test('batch rows land in store order in one matrix per modality', () => {
  const plan = [[4, 0, 2], [1, 3]];
  const c = new EmbeddingCollector(plan);
  for (const b of plan) {
    const { batch: x, out } = batch(b);
    c.add(x, out);
  }
  const e = c.result();
  assert.deepEqual([e.count, e.dim, e.indices], [5, 2, [0, 1, 2, 3, 4]]);
  assert.deepEqual(e.recipeIds, ['r0', 'r1', 'r2', 'r3', 'r4']);
  assert.deepEqual(e.imageIds, ['i0.jpg', 'i1.jpg', 'i2.jpg', 'i3.jpg', 'i4.jpg']);
  assert.deepEqual([...e.images], [0, 0, 1, 10, 2, 20, 3, 30, 4, 40]);
  assert.deepEqual([...e.recipes], [-0, -0, -1, -10, -2, -20, -3, -30, -4, -40]);
});

test('a plan with gaps keeps store order; a repeated, foreign or missing row is an error', () => {
  const c = new EmbeddingCollector([[9, 5]]);
  const { batch: x, out } = batch([9, 5]);
  c.add(x, out);
  assert.deepEqual(c.result().recipeIds, ['r5', 'r9']);
  assert.throws(() => new EmbeddingCollector([[1, 2], [2]]), /store index 2 is twice in the evaluation plan/);
  const twice = new EmbeddingCollector([[1, 2]]);
  twice.add(batch([1]).batch, batch([1]).out);
  assert.throws(() => twice.add(batch([1]).batch, batch([1]).out), /store index 1 is not in the plan, or came twice/);
  assert.throws(() => twice.add(batch([7]).batch, batch([7]).out), /store index 7 is not in the plan/);
  assert.throws(() => twice.result(), /1 of the plan's 2 rows were embedded/);
});
