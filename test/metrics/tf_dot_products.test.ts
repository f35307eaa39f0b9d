import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { jsDotProducts } from '../../lib/metrics/dot_products.js';
import { rankOfMatches } from '../../lib/metrics/ranks.js';
import { dotEngineFor, retrievalMetrics } from '../../lib/metrics/retrieval.js';
import { tfDotProducts } from '../../lib/metrics/tf_dot_products.js';
import { gaussian, referenceRanks, withDuplicates } from './helpers.js';

const tieImages = Float32Array.from([1, 0, 0, 2, 1, 1, 3, 0]);
const tieRecipes = Float32Array.from([1, 0, 1, 1, 0, 1, 1, -1]);

for (const backend of ['cpu', 'wasm'] as const) {
  test(`tf engine on ${backend}: hand-built ties, duplicates tie, same ranks as the JS engine, no leaked tensors`, async () => {
    await initBackend(backend);
    const before = tf.memory().numTensors;
    const r = rankOfMatches(tieImages, tieRecipes, 4, 2, { dot: tfDotProducts, blockRows: 3 });
    assert.deepEqual(Array.from(r.im2recipe), [1, 2, 2, 2]);
    assert.deepEqual(Array.from(r.recipe2im), [1, 2, 2, 1]);
    // Duplicated rows in both modalities, in different blocks of 64 rows and
    // different diagonal blocks of 128: a duplicate ties with the true match.
    const count = 150;
    const dim = 48;
    const images = withDuplicates(gaussian(count, dim, 65), dim, [[3, 140], [70, 71], [10, 129]]);
    const recipes = withDuplicates(gaussian(count, dim, 66), dim, [[5, 133], [20, 100]]);
    const expected = referenceRanks(images, recipes, count, dim);
    // Blocks of two shapes: the matMul may round one entry differently in each.
    for (const blockRows of [64, 150]) {
      const viaTf = rankOfMatches(images, recipes, count, dim, { dot: tfDotProducts, blockRows });
      assert.deepEqual(Array.from(viaTf.im2recipe), expected.im2recipe, `im2recipe, blockRows ${blockRows}`);
      assert.deepEqual(Array.from(viaTf.recipe2im), expected.recipe2im, `recipe2im, blockRows ${blockRows}`);
    }
    assert.deepEqual(rankOfMatches(images, recipes, count, dim, { dot: jsDotProducts }), { im2recipe: Int32Array.from(expected.im2recipe), recipe2im: Int32Array.from(expected.recipe2im) });
    assert.equal(tf.memory().numTensors, before);
  });
}

test('the engine chosen for the wasm backend is tf matMul, and gives the JS engine numbers', async () => {
  const { name } = await initBackend('wasm');
  assert.equal(dotEngineFor(name), tfDotProducts);
  assert.equal(dotEngineFor('cpu'), jsDotProducts);
  const count = 120;
  const dim = 32;
  const input = { images: gaussian(count, dim, 81), recipes: gaussian(count, dim, 82), count, dim };
  const opts = { nb_bags: 2, nb_matchs_per_bag: 60, protocol: 'disjoint' as const, seed: 4 };
  assert.deepEqual(retrievalMetrics(input, { ...opts, dot: dotEngineFor(name) }), retrievalMetrics(input, { ...opts, dot: jsDotProducts }));
});
