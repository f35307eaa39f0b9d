import assert from 'node:assert/strict';
import { test } from 'node:test';
import { epochLine, progressLabel } from '../../lib/engine/engine.js';
import { batchLabel, epochLabel, positionLabel } from '../../lib/engine/epochs.js';

test('epochs read from 1 in every label: the 0-based index 6 is "epoch 7 of 10"', () => {
  assert.equal(epochLabel(6, 10), 'epoch 7 of 10');
  assert.equal(epochLabel(0), 'epoch 1');
  assert.equal(batchLabel(3, 6), 'batch 4 of 6');
  assert.equal(positionLabel(7, 0), 'after 7 epochs');
  assert.equal(positionLabel(1, 0), 'after 1 epoch');
  assert.equal(positionLabel(7, 12), 'after 7 epochs and 12 batches of epoch 8');
  assert.equal(positionLabel(0, 1), 'after 0 epochs and 1 batch of epoch 1');
  assert.equal(positionLabel(0, 0), 'before any training');
});

test('the console line and the progress labels count epochs like REPORT and compare, and name the split once', () => {
  const train = { loss: 0.5, time: 12, pairs_per_s: 800 };
  assert.match(epochLine(6, 10, train, null), /^epoch 7 of 10  train loss 0\.5000 \(12\.0 s, 800\.0 pairs\/s\)$/);
  assert.equal(progressLabel('train', 'train', 6, 10), 'epoch 7 of 10, training on train');
  assert.equal(progressLabel('eval', 'val', 6, 10), 'epoch 7 of 10, evaluating on val');
  assert.equal(progressLabel('eval', 'test', -1, 10), 'untrained model, evaluating on test');
});
