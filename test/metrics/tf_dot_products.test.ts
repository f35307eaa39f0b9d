import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend.js';
import { jsDotProducts } from '../../lib/metrics/dot_products.js';
import { rankOfMatches } from '../../lib/metrics/ranks.js';
import { retrievalMetrics } from '../../lib/metrics/retrieval.js';
import { tfDotProducts } from '../../lib/metrics/tf_dot_products.js';
import { gaussian } from './helpers.js';

const tieImages = Float32Array.from([1, 0, 0, 2, 1, 1, 3, 0]);
const tieRecipes = Float32Array.from([1, 0, 1, 1, 0, 1, 1, -1]);

for (const backend of ['cpu', 'wasm'] as const) {
  test(`tf engine on ${backend}: hand-built ties, same ranks as the JS engine, no leaked tensors`, async () => {
    await initBackend(backend);
    const before = tf.memory().numTensors;
    const r = rankOfMatches(tieImages, tieRecipes, 4, 2, { dot: tfDotProducts, blockRows: 3 });
    assert.deepEqual(Array.from(r.im2recipe), [1, 2, 2, 2]);
    assert.deepEqual(Array.from(r.recipe2im), [1, 2, 2, 1]);
    const count = 150;
    const dim = 48;
    const images = gaussian(count, dim, 61);
    const recipes = gaussian(count, dim, 62);
    const viaTf = rankOfMatches(images, recipes, count, dim, { dot: tfDotProducts, blockRows: 64 });
    assert.deepEqual(viaTf, rankOfMatches(images, recipes, count, dim, { dot: jsDotProducts }));
    assert.equal(tf.memory().numTensors, before);
  });
}

test('tf engine on wasm: an entry does not depend on the block it is computed in', async () => {
  await initBackend('wasm');
  const count = 300;
  const dim = 1024;
  const dots = tfDotProducts(gaussian(count, dim, 71), gaussian(count, dim, 72), dim);
  const full = dots.block(0, count, 0, count);
  const part = dots.block(130, 128, 130, 128);
  dots.dispose();
  for (let r = 0; r < 128; r++) {
    for (let c = 0; c < 128; c++) assert.equal(part[r * 128 + c], full[(130 + r) * count + 130 + c], `entry (${130 + r}, ${130 + c})`);
  }
});

test('the default engine after initBackend(wasm) gives the JS engine numbers', async () => {
  await initBackend('wasm');
  const count = 120;
  const dim = 32;
  const input = { images: gaussian(count, dim, 81), recipes: gaussian(count, dim, 82), count, dim };
  const opts = { nb_bags: 2, nb_matchs_per_bag: 60, protocol: 'disjoint' as const, seed: 4 };
  assert.deepEqual(retrievalMetrics(input, opts), retrievalMetrics(input, { ...opts, dot: jsDotProducts }));
});
