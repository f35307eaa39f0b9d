import { test } from 'node:test';
import assert from 'node:assert/strict';
import { medianRank, recallAtK } from '../../lib/metrics/rank_stats.js';

test('median rank is 1-based; even counts average the two middle ranks', () => {
  assert.equal(medianRank([1, 3, 2]), 2);
  assert.equal(medianRank([1, 1, 1]), 1);
  assert.equal(medianRank([4, 1, 2, 10]), 3);
  assert.equal(medianRank([7]), 7);
  assert.throws(() => medianRank([]), /no ranks/);
});

test('recall at k is the fraction of ranks <= k', () => {
  const ranks = [1, 3, 2, 6, 11];
  assert.equal(recallAtK(ranks, 1), 1 / 5);
  assert.equal(recallAtK(ranks, 5), 3 / 5);
  assert.equal(recallAtK(ranks, 10), 4 / 5);
  assert.equal(recallAtK(ranks, 11), 1);
});
