import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bagSetup, budgetOverrides } from '../../lib/analysis/training_budget.js';

test('bagSetup: 1k bags when the split allows, else the largest that fit', () => {
  assert.deepEqual(bagSetup('full', 100), { nbBags: 10, perBag: 1000 });
  assert.deepEqual(bagSetup('demo', 51_000), { nbBags: 10, perBag: 1000 });
  assert.deepEqual(bagSetup('demo', 3500), { nbBags: 3, perBag: 1000 });
  assert.deepEqual(bagSetup('demo', 600), { nbBags: 5, perBag: 120 });
  assert.deepEqual(bagSetup('smoke', 66), { nbBags: 2, perBag: 33 });
  assert.throws(() => bagSetup('smoke', 15), /15 evaluation pairs are too few/);
});

test('budgetOverrides: key/value pairs, the paper model at full scale', () => {
  const smoke = budgetOverrides('smoke', 'p', 66);
  assert.equal(smoke.length % 2, 0);
  const value = (args: string[], key: string) => args[args.indexOf(key) + 1];
  assert.equal(value(smoke, '--dataset.dir'), 'p');
  assert.equal(value(smoke, '--model.metric.nb_matchs_per_bag'), '33');
  assert.equal(value(smoke, '--engine.max_batches_per_epoch'), '3');
  const full = budgetOverrides('full', 'p', 51_000);
  assert.ok(!full.includes('--model.network.embedding_dim'));
});
