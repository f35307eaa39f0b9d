import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainBatches } from '../../lib/data/samplers.js';
import { Random } from '../../lib/util/random.js';
import { loadOptions } from '../../lib/engine/options_schema.js';
import { overrideArgs } from '../../lib/notebook/option_overrides.js';
import { bagSetup, batchesPerEpoch, budgetFor, chooseBatchSize } from '../../lib/notebook/training_budget.js';

test('bagSetup: the 1k setup when the split holds two bags of 1,000, else smaller bags that fit', () => {
  assert.deepEqual(bagSetup('full', 51_000, 'test'), { nbBags: 10, perBag: 1000, why: 'test: 10 bags of 1000 (51000 pairs)' });
  assert.equal(bagSetup('demo', 3500, 'test').nbBags, 3);
  assert.equal(bagSetup('demo', 2215, 'test').perBag, 1000);
  assert.deepEqual([bagSetup('demo', 600, 'val').nbBags, bagSetup('demo', 600, 'val').perBag], [5, 120]);
  assert.deepEqual([bagSetup('smoke', 66, 'val').nbBags, bagSetup('smoke', 66, 'val').perBag], [2, 33]);
});

test('bagSetup fits a small real collection at every scale (13 validation pairs: one bag)', () => {
  for (const scale of ['full', 'demo', 'smoke'] as const) {
    for (const pairs of [2, 13, 19, 20, 25, 999, 1999]) {
      const b = bagSetup(scale, pairs, 'val');
      assert.ok(b.nbBags * b.perBag <= pairs, `${scale} ${pairs}: ${b.nbBags} × ${b.perBag} do not fit`);
      assert.ok(b.perBag >= Math.min(pairs, 10), `${scale} ${pairs}: bags of ${b.perBag}`);
    }
  }
  assert.deepEqual(bagSetup('full', 13, 'val'), { nbBags: 1, perBag: 13, why: 'val: 1 bag of 13 (13 pairs, fewer than 2 bags of 1000; 5 bags would hold fewer than 10 pairs each)' });
  assert.equal(bagSetup('full', 25, 'val').nbBags, 2);
  assert.throws(() => bagSetup('demo', 1, 'test'), /the test split has 1 pairs: evaluation ranks at least 2/);
});

/** 60 training pairs of which only 3 are same-class pairs (classes 1, 2, 3 with 3, 2, 2 recipes), like a small real collection. */
const FEW_CLASSED = Int32Array.from({ length: 60 }, (_, i) => (i < 3 ? 1 : i < 5 ? 2 : i < 7 ? 3 : 0));

test('chooseBatchSize keeps the scale\'s batch when the sampler fills it', () => {
  const many = Int32Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? 0 : 1 + (i % 40)));
  const plan = chooseBatchSize(many, 100, 1338);
  assert.equal(plan.batchSize, 100);
  assert.ok(plan.batchesPerEpoch >= 2);
  assert.match(plan.why, /^batch 100: \d+ batches per epoch \(2000 training pairs, \d+ same-class pairs\)$/);
});

test('chooseBatchSize lowers a batch larger than the split until the sampler makes batches, and says why', () => {
  // The sampler fills a batch from the unclassed pairs when too few same-class pairs exist, so 20 fits 60 pairs and 100 does not.
  assert.equal(chooseBatchSize(FEW_CLASSED, 20, 1338).batchSize, 20);
  const plan = chooseBatchSize(FEW_CLASSED, 100, 1338);
  assert.ok(plan.batchSize < 100);
  assert.ok(plan.batchesPerEpoch >= 2, `${plan.batchesPerEpoch} batches`);
  for (let epoch = 0; epoch < 3; epoch++) assert.ok(trainBatches(FEW_CLASSED, plan.batchSize, new Random(1338 + epoch)).length >= 2);
  assert.match(plan.why, /^batch \d+ instead of 100: \d+ batches per epoch, where 100 gives 0 \(60 training pairs, 3 same-class pairs\)$/);
  assert.equal(batchesPerEpoch(FEW_CLASSED, 20, 1338), trainBatches(FEW_CLASSED, 20, new Random(1338)).length);
});

test('chooseBatchSize refuses a split the sampler cannot cut at all', () => {
  // Three pairs: smaller than the smallest batch.
  assert.throws(() => chooseBatchSize(Int32Array.from([1, 1, 2]), 20, 1338), /the training split \(3 training pairs, 1 same-class pairs\) gives the sampler no batch of any size from 20 down to 4/);
});

test('budgetFor: overrides that fit the splits, the paper model at full scale, and the choices spelled out', () => {
  const splits = { trainClasses: FEW_CLASSED, valPairs: 13, testPairs: 20 };
  const full = budgetFor('full', 'p', splits, { seed: 1338, epochs: null });
  assert.equal(full.overrides.dataset?.dir, 'p');
  assert.equal(full.overrides.dataset?.batch_size, full.batch.batchSize);
  assert.deepEqual(full.overrides.model?.metric, { nb_bags: 1, nb_matchs_per_bag: 13 });
  assert.equal(full.overrides.engine?.nb_epochs, 80);
  assert.equal(full.overrides.model?.network, undefined);
  assert.equal(full.overrides.engine?.max_batches_per_epoch, undefined);
  assert.deepEqual(full.testBags, bagSetup('full', 20, 'test'));
  assert.equal(full.choices.length, 7);
  assert.deepEqual([full.patience, full.seeds, full.parallel], [10, [1338, 1339, 1340], 1]);
  assert.equal(full.overrides.engine?.workers, undefined);
  const demo = budgetFor('demo', 'p', splits, { seed: 5, epochs: null, seeds: 4 }, 2);
  assert.deepEqual([demo.patience, demo.seeds, demo.parallel, demo.overrides.engine?.workers, demo.overrides.engine?.patience], [10, [5, 6, 7, 8], 2, 1, 10]);
  assert.throws(() => budgetFor('demo', 'p', splits, { seed: 5, epochs: null, seeds: 0 }), /parameter seeds: 0/);
  // Typed overrides load as options: the command line a child process gets says the same.
  const loaded = loadOptions(['-o', 'options/adamine.yaml', ...overrideArgs(full.overrides)]).options;
  assert.equal(loaded.model.metric.nb_matchs_per_bag, 13);
  assert.equal(loaded.engine.progress, false);
  const smoke = budgetFor('smoke', 'p', splits, { seed: 3, epochs: 4 });
  assert.equal(smoke.overrides.engine?.nb_epochs, 4);
  assert.equal(smoke.overrides.misc?.seed, 3);
  assert.equal(smoke.overrides.engine?.max_batches_per_epoch, 3);
  assert.equal(smoke.overrides.model?.network?.embedding_dim, 128);
  assert.equal(smoke.overrides.optimizer?.lr, 1e-3);
  assert.equal(smoke.choices[1], '4 epochs, at most 3 batches each, no early stopping');
});
