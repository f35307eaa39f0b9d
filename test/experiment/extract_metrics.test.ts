/**
 * The files `recipe1m extract` writes reproduce the metrics the experiment
 * logged: scripts/embedding_metrics.py (numpy, the documented protocol
 * written out independently) applied to them gives logs.json's
 * eval_epoch.metric values to the last digit, for the disjoint bags of
 * training and for the independent bags of an evaluation on another split.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run as evalRun } from '../../lib/commands/eval.js';
import { run as extractRun } from '../../lib/commands/extract.js';
import { run as trainRun } from '../../lib/commands/train.js';
import { readSeries } from '../../lib/experiment/logger.js';
import { preparedTinyStore } from '../data/fixtures.js';

const SCRIPT = 'scripts/embedding_metrics.py';
const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const skip = probe.error ? `python3 is not available (${probe.error.message}); scripts/setup.sh installs python3-numpy` : probe.status !== 0 ? `numpy is not importable by python3 (${probe.stderr.trim().split('\n').pop()}); scripts/setup.sh installs python3-numpy` : false;

async function quietly<T>(f: () => Promise<T>): Promise<T> {
  const original = console.log;
  console.log = () => {};
  try {
    return await f();
  } finally {
    console.log = original;
  }
}

type Bags = { nb_bags: number; nb_matchs_per_bag: number; protocol: string; seed: number };

/** The script's metrics, with the bag options given explicitly. */
function pythonMetrics(folder: string, bags: Bags): Record<string, number> {
  const flags = ['--nb-bags', String(bags.nb_bags), '--per-bag', String(bags.nb_matchs_per_bag), '--protocol', bags.protocol, '--seed', String(bags.seed)];
  const out = spawnSync('python3', [SCRIPT, folder, ...flags], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout) as Record<string, number>;
}

function recordedBags(folder: string): unknown {
  return (JSON.parse(readFileSync(join(folder, 'index.json'), 'utf8')) as { metric?: unknown }).metric;
}

function assertSameMetrics(fromFiles: Record<string, number>, logged: Record<string, number[]>, what: string): void {
  const keys = Object.keys(logged).filter((k) => k.startsWith('eval_epoch.metric.')).map((k) => k.slice('eval_epoch.metric.'.length));
  assert.deepEqual(Object.keys(fromFiles).sort(), keys.sort(), what);
  for (const key of keys) {
    const series = logged[`eval_epoch.metric.${key}`];
    assert.equal(fromFiles[key], series[series.length - 1], `${what}: ${key}`);
  }
}

test('metrics recomputed with numpy from the extracted files equal the logged ones, to the last digit', { skip }, async () => {
  const prepared = await preparedTinyStore();
  const dir = join(mkdtempSync(join(tmpdir(), 'extract-metrics-')), 'exp');
  const widths = ['word_dim', 'ingredient_hidden', 'sentence_hidden', 'instruction_hidden', 'embedding_dim'].flatMap((k) => [`--model.network.${k}`, '32']);
  await quietly(() =>
    trainRun([
      '-o', 'options/adamine.yaml', '--exp.dir', dir, '--dataset.dir', prepared, '--dataset.batch_size', '20', ...widths,
      '--model.metric.nb_bags', '2', '--model.metric.nb_matchs_per_bag', '30', '--optimizer.lr', '3e-3',
      '--engine.nb_epochs', '2', '--engine.progress', 'false',
    ]),
  );
  const options = join(dir, 'options.yaml');
  await quietly(() => extractRun(['-o', options, '--exp.resume', 'last', '--dataset.eval_split', 'val']));
  const disjoint: Bags = { nb_bags: 2, nb_matchs_per_bag: 30, protocol: 'disjoint', seed: 1338 };
  assertSameMetrics(pythonMetrics(join(dir, 'embeddings_val'), disjoint), readSeries(join(dir, 'logs.json')), 'training logs, disjoint bags on val');
  assert.deepEqual(recordedBags(join(dir, 'embeddings_val')), disjoint, 'index.json records the bag options');

  const independent = ['--model.metric.protocol', 'independent', '--model.metric.nb_bags', '3', '--model.metric.nb_matchs_per_bag', '40'];
  const evalArgs = ['-o', options, '--exp.resume', 'last', '--dataset.train_split', '--dataset.eval_split', 'test', ...independent];
  await quietly(() => evalRun([...evalArgs, '--misc.logs_name', 'independent']));
  await quietly(() => extractRun(['-o', options, '--exp.resume', 'last', '--dataset.eval_split', 'test', ...independent]));
  const random: Bags = { nb_bags: 3, nb_matchs_per_bag: 40, protocol: 'independent', seed: 1234 };
  assertSameMetrics(pythonMetrics(join(dir, 'embeddings_test'), random), readSeries(join(dir, 'logs_independent.json')), 'evaluation logs, independent bags on test');
  assert.deepEqual(recordedBags(join(dir, 'embeddings_test')), random);
  // Without flags the script reads the bag options from index.json.
  const plain = spawnSync('python3', [SCRIPT, join(dir, 'embeddings_test')], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(plain.stdout), pythonMetrics(join(dir, 'embeddings_test'), random));
});
