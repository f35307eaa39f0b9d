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
import { ensureExperiment } from '../../lib/analysis/experiments.js';
import { runRecipe1mOrThrow } from '../../lib/analysis/run_cli.js';
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
const budget = (epochs: number): string[] => [
  '--dataset.dir', prepared, '--dataset.batch_size', '7',
  '--model.metric.nb_bags', '2', '--model.metric.nb_matchs_per_bag', '12',
  '--engine.nb_epochs', String(epochs), '--engine.max_batches_per_epoch', '2', '--engine.progress', 'false',
  '--model.network.word_dim', '16', '--model.network.ingredient_hidden', '16', '--model.network.sentence_hidden', '16',
  '--model.network.instruction_hidden', '16', '--model.network.embedding_dim', '16',
];

test('an experiment is reused only with the same options, the same data and every epoch', () => {
  const dir = join(work, 'adamine');
  const first = ensureExperiment('adamine', dir, budget(1));
  assert.notEqual(first.seconds, null);
  assert.match(first.why, /^trained: no experiment in .* yet$/);
  assert.match(first.summary, /^1 epochs, 2 batches; last val R@1 [\d.]+%, MedR [\d.]+ \(image→recipe\)$/);

  const again = ensureExperiment('adamine', dir, budget(1));
  assert.equal(again.seconds, null, 'the same experiment is reused');
  assert.match(again.why, /^reused .*: same options, same data, all 1 epochs$/);

  const longer = ensureExperiment('adamine', dir, budget(2));
  assert.notEqual(longer.seconds, null, 'other options: trained again, not reused');
  assert.match(longer.why, /its options differ from those asked \(engine\.nb_epochs: 1 → 2\)/);

  // The store re-prepared at the same path from other inputs (another minimum count).
  runRecipe1mOrThrow(['prepare', '--recipe1m', raw, '--out', prepared, '--quiet', '--min-count', '2']);
  const otherData = ensureExperiment('adamine', dir, budget(2));
  assert.notEqual(otherData.seconds, null, 'other data: trained again');
  assert.match(otherData.why, /it was trained on other data/);

  rmSync(join(dir, 'trained_on.json'));
  assert.match(ensureExperiment('adamine', dir, budget(2)).why, /no trained_on\.json: nothing says which data it was trained on/);

  const logs = JSON.parse(readFileSync(join(dir, 'logs.json'), 'utf8')) as Record<string, number[]>;
  logs['train_epoch.epoch'] = logs['train_epoch.epoch'].slice(0, 1);
  writeFileSync(join(dir, 'logs.json'), JSON.stringify(logs));
  assert.match(ensureExperiment('adamine', dir, budget(2)).why, /its logs\.json has 1 of 2 epochs/);
  assert.equal(ensureExperiment('adamine', dir, budget(2)).seconds, null);
  assert.match(ensureExperiment('adamine', dir, budget(2), true).why, /^trained: retraining was asked for$/);
});
