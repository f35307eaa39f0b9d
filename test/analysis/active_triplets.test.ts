import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedTerms, termTrace, perTripletWeight, semanticToInstanceRatio, movingAverage } from '../../lib/analysis/active_triplets.js';

function termSeries(term: string, active: number[], triplets: number[]): Record<string, number[]> {
  const p = `train_batch.term.${term}`;
  return {
    [`${p}.loss`]: active.map((a) => a * 0.01),
    [`${p}.triplets`]: triplets,
    [`${p}.active_fraction`]: active.map((a, i) => a / triplets[i]),
  };
}

const series = {
  'train_batch.loss': [1, 0.5],
  ...termSeries('IRR', [90, 10], [90, 90]),
  ...termSeries('RII', [60, 20], [90, 90]),
  ...termSeries('SIRR', [40, 30], [50, 50]),
  ...termSeries('SRII', [20, 0], [50, 50]),
};

test('loggedTerms finds the terms in logging order', () => {
  assert.deepEqual(loggedTerms(series), ['IRR', 'RII', 'SIRR', 'SRII']);
});

test('termTrace reads the four fields and names missing series', () => {
  const t = termTrace(series, 'RII');
  assert.deepEqual(t.active, [60, 20]);
  assert.deepEqual(t.activeFraction, [60 / 90, 20 / 90]);
  assert.throws(() => termTrace(series, 'XYZ', 'exp/logs.json'), /exp\/logs\.json: no series 'train_batch\.term\.XYZ\.loss'/);
  assert.throws(() => termTrace({ ...series, 'train_batch.term.IRR.triplets': [1] }, 'IRR'), /triplets has 1 values, loss has 2/);
});

test('perTripletWeight divides by all triplets (mean) or by active ones (adaptive)', () => {
  const t = termTrace(series, 'SRII');
  assert.deepEqual(perTripletWeight(0.1, t, 'mean'), [0.1 / 50, 0.1 / 50]);
  const adaptive = perTripletWeight(0.1, t, 'adaptive');
  assert.equal(adaptive[0], 0.1 / 20);
  assert.ok(Number.isNaN(adaptive[1]));
});

test('semanticToInstanceRatio: by hand for batch 0', () => {
  const w = { instance: 1, semantic: 0.1 };
  // mean: semantic 0.1/50 each, instance 1/90 each -> (0.002) / (1/90) = 0.18.
  const mean = semanticToInstanceRatio(series, w, 'mean');
  assert.ok(Math.abs(mean[0] - 0.18) < 1e-12);
  // adaptive batch 0: semantic (0.1/40 + 0.1/20)/2 = 0.00375; instance (1/90 + 1/60)/2 = 0.013888...
  const adaptive = semanticToInstanceRatio(series, w, 'adaptive');
  assert.ok(Math.abs(adaptive[0] - 0.00375 / ((1 / 90 + 1 / 60) / 2)) < 1e-12);
  assert.ok(Number.isNaN(adaptive[1]), 'SRII had no active triplet in batch 1');
});

test('movingAverage is trailing and skips NaN', () => {
  assert.deepEqual(movingAverage([1, 2, 3, 4], 2), [1, 1.5, 2.5, 3.5]);
  const m = movingAverage([Number.NaN, 2, Number.NaN], 2);
  assert.ok(Number.isNaN(m[0]));
  assert.deepEqual(m.slice(1), [2, 2]);
  assert.throws(() => movingAverage([1], 0), /window must be a positive integer, got 0/);
});
