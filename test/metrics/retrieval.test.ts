import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaults } from '../../lib/options/index.js';
import { jsDotProducts } from '../../lib/metrics/dot_products.js';
import { retrievalMetrics } from '../../lib/metrics/retrieval.js';
import { metricSchema } from '../../lib/metrics/schema.js';
import { atAngles, gaussian, naiveRanks } from './helpers.js';

const js = { dot: jsDotProducts };

test('3 x 3 case: MedR and R@K by hand, one bag, std 0', () => {
  // Ranks by hand (see ranks.test.ts): im2recipe [1, 3, 2], recipe2im [1, 2, 2].
  const input = { images: atAngles([0, 30, 70]), recipes: atAngles([0, 90, 45]), count: 3, dim: 2 };
  const { values, perBag } = retrievalMetrics(input, { nb_bags: 1, nb_matchs_per_bag: 3, protocol: 'disjoint', seed: 5, ...js });
  assert.equal(perBag.length, 1);
  assert.deepEqual(
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Math.round(v * 1e9) / 1e9])),
    {
      med_im2recipe_mean: 2,
      med_im2recipe_std: 0,
      recall_at_1_im2recipe_mean: 0.333333333,
      recall_at_1_im2recipe_std: 0,
      recall_at_5_im2recipe_mean: 1,
      recall_at_5_im2recipe_std: 0,
      recall_at_10_im2recipe_mean: 1,
      recall_at_10_im2recipe_std: 0,
      med_recipe2im_mean: 2,
      med_recipe2im_std: 0,
      recall_at_1_recipe2im_mean: 0.333333333,
      recall_at_1_recipe2im_std: 0,
      recall_at_5_recipe2im_mean: 1,
      recall_at_5_recipe2im_std: 0,
      recall_at_10_recipe2im_mean: 1,
      recall_at_10_recipe2im_std: 0,
    },
  );
});

test('per-bag numbers follow the definition; mean and population std over bags', () => {
  const count = 90;
  const dim = 6;
  const input = { images: gaussian(count, dim, 11), recipes: gaussian(count, dim, 12), count, dim };
  const { values, perBag } = retrievalMetrics(input, { nb_bags: 3, nb_matchs_per_bag: 30, protocol: 'disjoint', seed: 9, ...js });
  const pick = (x: Float32Array, rows: number[]) => Float32Array.from(rows.flatMap((r) => Array.from(x.subarray(r * dim, (r + 1) * dim))));
  const medians: number[] = [];
  for (const bag of perBag) {
    const ranks = naiveRanks(pick(input.images, bag.indices), pick(input.recipes, bag.indices), 30, dim).im2recipe;
    const sorted = [...ranks].sort((a, b) => a - b);
    const median = (sorted[14] + sorted[15]) / 2;
    assert.equal(bag.im2recipe.medR, median);
    assert.equal(bag.im2recipe.recall[5], ranks.filter((r) => r <= 5).length / 30);
    medians.push(median);
  }
  const mean = (medians[0] + medians[1] + medians[2]) / 3;
  const std = Math.sqrt(medians.reduce((s, m) => s + (m - mean) ** 2, 0) / 3);
  assert.ok(Math.abs(values.med_im2recipe_mean - mean) < 1e-12);
  assert.ok(Math.abs(values.med_im2recipe_std - std) < 1e-12);
});

test('random embeddings: R@1 near 1/N, MedR near N/2', () => {
  const count = 2000;
  const dim = 32;
  const input = { images: gaussian(count, dim, 21), recipes: gaussian(count, dim, 22), count, dim };
  const { values } = retrievalMetrics(input, { nb_bags: 4, nb_matchs_per_bag: 500, protocol: 'disjoint', seed: 3, ...js });
  // Uniform ranks on 1..500: MedR 250.5 with a per-bag std of about 11;
  // R@1 = 0.002 and R@10 = 0.02 with per-bag stds of about 0.002 and 0.006.
  for (const dir of ['im2recipe', 'recipe2im']) {
    assert.ok(Math.abs(values[`med_${dir}_mean`] - 250.5) < 50, `${dir} MedR ${values[`med_${dir}_mean`]}`);
    assert.ok(values[`recall_at_1_${dir}_mean`] < 0.015, `${dir} R@1 ${values[`recall_at_1_${dir}_mean`]}`);
    assert.ok(values[`recall_at_10_${dir}_mean`] < 0.06, `${dir} R@10 ${values[`recall_at_10_${dir}_mean`]}`);
  }
});

test('matched embeddings give perfect scores', () => {
  const count = 40;
  const dim = 8;
  const x = gaussian(count, dim, 31);
  const { values } = retrievalMetrics({ images: x, recipes: x, count, dim }, { nb_bags: 2, nb_matchs_per_bag: 20, protocol: 'independent', seed: null, ...js });
  assert.equal(values.med_im2recipe_mean, 1);
  assert.equal(values.recall_at_1_recipe2im_mean, 1);
});

test('schema defaults: the 1k setup, disjoint, protocol seed when null', () => {
  const opts = defaults(metricSchema);
  assert.deepEqual(opts, { nb_bags: 10, nb_matchs_per_bag: 1000, protocol: 'disjoint', seed: null });
  const count = 30;
  const input = { images: gaussian(count, 4, 41), recipes: gaussian(count, 4, 42), count, dim: 4 };
  const small = { ...opts, nb_bags: 2, nb_matchs_per_bag: 10, ...js };
  const byDefault = retrievalMetrics(input, small);
  assert.deepEqual(byDefault, retrievalMetrics(input, { ...small, seed: 1338 }));
  assert.notDeepEqual(byDefault.perBag[0].indices, retrievalMetrics(input, { ...small, seed: 1339 }).perBag[0].indices);
  const independent = retrievalMetrics(input, { ...small, protocol: 'independent' });
  assert.deepEqual(independent, retrievalMetrics(input, { ...small, protocol: 'independent', seed: 1234 }));
});

test('input size mismatch names the modality', () => {
  const input = { images: new Float32Array(6), recipes: new Float32Array(8), count: 4, dim: 2 };
  assert.throws(() => retrievalMetrics(input, { nb_bags: 1, nb_matchs_per_bag: 2, protocol: 'disjoint', seed: 1, ...js }), /images has 6 values, expected count x dim = 4 x 2/);
});
