import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeBinding, marginBinding } from '../../lib/analysis/margin_binding.js';

const C = 0.0147;

test('marginBinding: a margin that never binds leaves a constant gap and equal runs', () => {
  const pwcLoss = [0.5, 0.4, 0.3, 0.25];
  const b = marginBinding({ pwcLoss, plusLoss: pwcLoss.map((x) => x - C), plusInside: [0, 0, 0, 0], pwcVal: [0.1, 0.2], plusVal: [0.1, 0.2] }, C);
  assert.equal(b.firstBindingBatch, null);
  assert.equal(b.gapAfter, null);
  assert.ok(b.gapBefore < 1e-12, `${b.gapBefore}`);
  assert.equal(b.firstValDifference, null);
  assert.match(describeBinding(1338, b, 2), /^- seed 1338: no matched pair inside the margin in any batch; .* validation R@1 is equal at every epoch\.$/);
});

test('marginBinding: from the first binding batch the losses part; runs of different lengths compare over the epochs both ran', () => {
  const pwcLoss = [0.5, 0.4, 0.3, 0.25, 0.2, 0.18];
  const plusLoss = [0.5 - C, 0.4 - C, 0.3 - C, 0.25 - C + 0.01, 0.2 - C - 0.03, 0.18 - C];
  const b = marginBinding({ pwcLoss, plusLoss, plusInside: [0, 0, 0, 0.1, 0.4, 0.2], pwcVal: [0.1, 0.2, 0.3], plusVal: [0.1, 0.25] }, C);
  assert.equal(b.firstBindingBatch, 4);
  assert.ok(b.gapBefore < 1e-12);
  assert.ok(Math.abs((b.gapAfter as number) - 0.03) < 1e-12);
  assert.equal(b.maxShare, 0.4);
  assert.ok(Math.abs(b.lateShare - (0.1 + 0.4 + 0.2) / 3) < 1e-12);
  assert.equal(b.firstValDifference, 2);
  assert.ok(Math.abs(b.maxValDifference - 0.05) < 1e-12);
  assert.match(describeBinding(7, b, 2), /^- seed 7: the margin first binds at batch 4 \(epoch 2\); .* up to 40\.0%, 23\.3% on average .* first differs at epoch 2 \(largest difference 5\.0 points\)\.$/);
  assert.throws(() => marginBinding({ pwcLoss: [], plusLoss: [], plusInside: [], pwcVal: [], plusVal: [] }, C), /logged no batch/);
});
