/**
 * The metric names are built in lib/metrics/metric_keys.ts only: the keys
 * retrievalMetrics returns, the logged series and the default saving
 * criteria all come from there, under the names logs.json has always used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SAVING_CRITERIA } from '../../lib/engine/engine_options.js';
import { jsDotProducts } from '../../lib/metrics/dot_products.js';
import { DIRECTIONS, loggedMetricKey, medianRankKey, RECALL_KS, recallKey } from '../../lib/metrics/metric_keys.js';
import { retrievalMetrics } from '../../lib/metrics/retrieval.js';
import { atAngles } from './helpers.js';

test('metric keys: the names logs.json uses, and exactly those retrievalMetrics returns', () => {
  assert.equal(recallKey(5, 'recipe2im', 'std'), 'recall_at_5_recipe2im_std');
  assert.equal(medianRankKey('im2recipe'), 'med_im2recipe_mean');
  assert.equal(loggedMetricKey(recallKey(1, 'im2recipe')), 'eval_epoch.metric.recall_at_1_im2recipe_mean');
  assert.deepEqual(DEFAULT_SAVING_CRITERIA, ['eval_epoch.metric.recall_at_1_im2recipe_mean:max', 'eval_epoch.metric.med_im2recipe_mean:min']);
  const input = { images: atAngles([0, 30, 70]), recipes: atAngles([0, 90, 45]), count: 3, dim: 2 };
  const { values } = retrievalMetrics(input, { nb_bags: 1, nb_matchs_per_bag: 3, protocol: 'disjoint', seed: 5, dot: jsDotProducts });
  const built = DIRECTIONS.flatMap((d) => (['mean', 'std'] as const).flatMap((s) => [medianRankKey(d, s), ...RECALL_KS.map((k) => recallKey(k, d, s))]));
  assert.deepEqual(Object.keys(values).sort(), built.sort());
});
