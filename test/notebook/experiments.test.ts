/**
 * A notebook reuses an experiment folder only when it holds the experiment
 * asked for: trains a small AdaMine on a messy collection, then asks again
 * with the same options (reused), other options (retrained, with the
 * difference named), other data at the same path (retrained), and after a
 * record of the data or an epoch goes missing (retrained).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureExperiment, ensureExperiments } from '../../lib/notebook/experiments.js';
import type { OptionOverrides } from '../../lib/notebook/option_overrides.js';
import { runRecipe1mOrThrow } from '../../lib/notebook/run_cli.js';
import { writeMessyCollection } from '../fixtures/messy_collection.js';

let work: string;
let prepared: string;
let raw: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'experiments-reuse-'));
  raw = join(work, 'raw');
  prepared = join(work, 'prepared');
  await writeMessyCollection(raw);
  runRecipe1mOrThrow(['prepare', '--recipe1m', raw, '--out', prepared, '--quiet']);
});
after(() => rmSync(work, { recursive: true, force: true }));

/** A few batches of a small model (batch 7: the collection's 3 same-class pairs still fill batches). */
const budget = (epochs: number): OptionOverrides => ({
  dataset: { dir: prepared, batch_size: 7 },
  model: {
    metric: { nb_bags: 2, nb_matchs_per_bag: 12 },
    network: { word_dim: 16, ingredient_hidden: 16, sentence_hidden: 16, instruction_hidden: 16, embedding_dim: 16 },
  },
  engine: { nb_epochs: epochs, max_batches_per_epoch: 2, progress: false },
});

test('an experiment is reused only with the same options, the same data and every epoch (or a logged early stop)', async () => {
  const dir = join(work, 'adamine');
  const first = await ensureExperiment('adamine', dir, budget(1));
  assert.notEqual(first.seconds, null);
  assert.match(first.why, /^trained: no experiment in .* yet$/);
  assert.match(first.summary, /^1 epochs, 2 batches; last val R@1 [\d.]+%, MedR [\d.]+ \(image→recipe\)$/);

  const again = await ensureExperiment('adamine', dir, budget(1));
  assert.equal(again.seconds, null, 'the same experiment is reused');
  assert.match(again.why, /^reused .*: same options, same data, all 1 epochs$/);

  const longer = await ensureExperiment('adamine', dir, budget(2));
  assert.notEqual(longer.seconds, null, 'other options: trained again, not reused');
  assert.match(longer.why, /its options differ from those asked \(engine\.nb_epochs: 1 → 2\)/);

  // The store re-prepared at the same path from other inputs (another minimum count).
  runRecipe1mOrThrow(['prepare', '--recipe1m', raw, '--out', prepared, '--quiet', '--min-count', '2']);
  const otherData = await ensureExperiment('adamine', dir, budget(2));
  assert.notEqual(otherData.seconds, null, 'other data: trained again');
  assert.match(otherData.why, /it was trained on other data/);

  rmSync(join(dir, 'trained_on.json'));
  assert.match((await ensureExperiment('adamine', dir, budget(2))).why, /no trained_on\.json: nothing says which data it was trained on/);

  const logs = JSON.parse(readFileSync(join(dir, 'logs.json'), 'utf8')) as Record<string, number[]>;
  logs['train_epoch.epoch'] = logs['train_epoch.epoch'].slice(0, 1);
  writeFileSync(join(dir, 'logs.json'), JSON.stringify(logs));
  assert.match((await ensureExperiment('adamine', dir, budget(2))).why, /its logs\.json has 1 of 2 epochs/);
  assert.equal((await ensureExperiment('adamine', dir, budget(2))).seconds, null);
  assert.match((await ensureExperiment('adamine', dir, budget(2), true)).why, /^trained: retraining was asked for$/);

  // Fewer epochs than asked are the whole experiment when early stopping ended it (the note in logs.json says so).
  const stopped = JSON.parse(readFileSync(join(dir, 'logs.json'), 'utf8')) as Record<string, unknown[]>;
  stopped['train_epoch.epoch'] = stopped['train_epoch.epoch'].slice(0, 1);
  stopped['engine.early_stop'] = ['stopped after epoch 1 of 2: no improvement'];
  writeFileSync(join(dir, 'logs.json'), JSON.stringify(stopped));
  const early = await ensureExperiment('adamine', dir, budget(2));
  assert.equal(early.seconds, null);
  assert.match(early.why, /stopped early$/);
  assert.match(early.summary, /; early stopping: stopped after epoch 1 of 2: no improvement$/);
});

test('ensureExperiments trains side by side and reports in the order asked', async () => {
  const [a, b] = await ensureExperiments([
    { config: 'avg', name: 'avg seed 1', dir: join(work, 'avg-1'), overrides: { ...budget(1), misc: { seed: 1 } } },
    { config: 'avg', name: 'avg seed 2', dir: join(work, 'avg-2'), overrides: { ...budget(1), misc: { seed: 2 } } },
  ], { parallel: 2 });
  assert.deepEqual([a.name, b.name], ['avg seed 1', 'avg seed 2']);
  assert.ok(a.seconds !== null && b.seconds !== null);
  assert.notDeepEqual(readFileSync(join(work, 'avg-1', 'logs.json'), 'utf8'), readFileSync(join(work, 'avg-2', 'logs.json'), 'utf8'));
});
