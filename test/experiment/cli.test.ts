/**
 * End to end through the commands, on the prepared recipe1m-mini tiny
 * fixture: train (options/adamine.yaml at small widths) until the loss falls
 * and R@1 beats chance, refuse the existing folder, evaluate on test with an
 * empty train split, extract, compare; and option errors stop a run before
 * it touches anything.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { run as compareRun } from '../../lib/commands/compare.js';
import { run as evalRun } from '../../lib/commands/eval.js';
import { run as extractRun } from '../../lib/commands/extract.js';
import { run as trainRun } from '../../lib/commands/train.js';
import { readEngineState } from '../../lib/experiment/checkpoint.js';
import { readSeries } from '../../lib/experiment/logger.js';
import { restoreExperiment } from '../../lib/experiment/experiment.js';
import { preparedTinyStore } from '../data/fixtures.js';

const PER_BAG = 30;
let prepared = '';
let root = '';

/** Captures console.log while `f` runs. */
async function captured<T>(f: () => Promise<T>): Promise<{ out: string; value: T }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(' '));
  try {
    return { value: await f(), out: lines.join('\n') };
  } finally {
    console.log = original;
  }
}

function trainArgs(dir: string, epochs: number, extra: string[] = []): string[] {
  return [
    '-o', 'options/adamine.yaml',
    '--exp.dir', dir,
    '--dataset.dir', prepared,
    '--dataset.batch_size', '20',
    '--model.network.word_dim', '32',
    '--model.network.ingredient_hidden', '32',
    '--model.network.sentence_hidden', '32',
    '--model.network.instruction_hidden', '64',
    '--model.network.embedding_dim', '64',
    '--model.metric.nb_bags', '2',
    '--model.metric.nb_matchs_per_bag', String(PER_BAG),
    '--optimizer.lr', '3e-3',
    '--engine.nb_epochs', String(epochs),
    '--engine.progress', 'false',
    ...extra,
  ];
}

before(async () => {
  prepared = await preparedTinyStore();
  root = mkdtempSync(join(tmpdir(), 'engine-cli-'));
});

test('option errors stop the run before any work, naming the key and where it came from; --help lists every option', async () => {
  const dir = join(root, 'never');
  await assert.rejects(trainRun(trainArgs(dir, 1, ['--model.network.hiden', '3'])), /unknown option '--model\.network\.hiden' \(from command line\)/);
  await assert.rejects(trainRun(trainArgs(dir, 1, ['--model.criterion.reduction', 'median'])), /'model\.criterion\.reduction' = "median" \(from command line\).*one of: mean, hardest, adaptive/);
  await assert.rejects(trainRun(trainArgs(dir, 1, ['--dataset.batch_size', 'big'])), /'dataset\.batch_size' = "big"/);
  assert.ok(!existsSync(dir), 'nothing was created');
  const { out, value } = await captured(() => trainRun(['-o', 'options/adamine.yaml', '--optimizer.lr', '0.5', '--help']));
  assert.equal(value, 0);
  assert.match(out, /--optimizer\.lr\s+0\.5\s+.*\(command line\)/);
  assert.match(out, /--optimizer\.clip_grad\s+8\s+.*abstract\.yaml\)/);
  assert.match(out, /--model\.criterion\.reduction\s+"adaptive"/);
  assert.match(out, /--dataset\.eval_split/);
});

test('train → refuse → eval on test → extract → compare, on recipe1m-mini tiny', async () => {
  const dir = join(root, 'adamine');
  const { value: code } = await captured(() => trainRun(trainArgs(dir, 10)));
  assert.equal(code, 0);
  for (const f of ['options.yaml', 'logs.txt', 'logs.json', 'view.html', 'ckpt_last_model.bin', 'ckpt_last_optimizer.bin', 'ckpt_last_engine.json']) {
    assert.ok(existsSync(join(dir, f)), f);
  }
  assert.ok(readdirSync(dir).some((f) => f.startsWith('ckpt_best_eval_epoch.metric.recall_at_1_im2recipe_mean_')));
  const logs = readSeries(join(dir, 'logs.json'));
  // The model learns: the training loss falls and R@1 beats chance (1/PER_BAG) clearly, with this seed.
  const loss = logs['train_epoch.loss'];
  assert.equal(loss.length, 10);
  assert.ok(loss[9] < 0.8 * loss[0], `train loss ${loss[0]} -> ${loss[9]}`);
  const r1 = logs['eval_epoch.metric.recall_at_1_im2recipe_mean'];
  assert.ok(Math.max(...r1) >= 2 / PER_BAG, `best R@1 ${Math.max(...r1)} vs chance ${1 / PER_BAG}`);
  assert.ok(Math.min(...logs['eval_epoch.metric.med_im2recipe_mean']) < (PER_BAG + 1) / 2 - 3);
  for (const key of ['train_batch.grad_norm', 'train_batch.term.SIRR.active_fraction', 'train_batch.time', 'train_epoch.lr', 'eval_epoch.metric.recall_at_10_recipe2im_std']) {
    assert.ok(logs[key]?.length > 0, key);
  }

  await assert.rejects(trainRun(trainArgs(dir, 1)), /is not empty.*--exp\.resume last.*--exp\.overwrite true/);

  const options = join(dir, 'options.yaml');
  const evalArgs = ['-o', options, '--exp.resume', 'best_eval_epoch.metric.recall_at_1_im2recipe_mean', '--dataset.train_split', '--dataset.eval_split', 'test', '--misc.logs_name', 'test'];
  const { value: evalCode, out: evalOut } = await captured(() => evalRun(evalArgs));
  assert.equal(evalCode, 0);
  assert.match(evalOut, /logs_test\.json/);
  const testLogs = readSeries(join(dir, 'logs_test.json'));
  assert.equal(testLogs['eval_epoch.metric.med_im2recipe_mean'].length, 1);
  assert.equal(testLogs['train_batch.loss'], undefined, 'nothing was trained');
  assert.deepEqual(readSeries(join(dir, 'logs.json'))['train_epoch.loss'], loss, 'the training logs are untouched');

  const before = statSync(join(dir, 'ckpt_last_model.bin')).mtimeMs;
  await captured(() => extractRun(['-o', options, '--exp.resume', 'last', '--dataset.eval_split', 'test']));
  const index = JSON.parse(readFileSync(join(dir, 'embeddings_test', 'index.json'), 'utf8'));
  const restored = await restoreExperiment(options, ['--dataset.eval_split', 'test']);
  const store = restored.stores.eval!;
  const [testSize, recipes, images] = [store.size, store.recipeCount, store.images];
  restored.dispose();
  // The pairs first (the rows evaluation ranks), then the recipes without a photo and the pairs' other photos.
  assert.equal(index.count, testSize);
  assert.equal(index.dim, 64);
  assert.equal(new Set(index.recipeIds).size, recipes);
  assert.equal(index.imageIds.length, images);
  assert.equal(statSync(join(dir, 'embeddings_test', 'recipes.f32')).size, recipes * 64 * 4);
  assert.equal(statSync(join(dir, 'embeddings_test', 'images.f32')).size, images * 64 * 4);
  assert.equal(statSync(join(dir, 'ckpt_last_model.bin')).mtimeMs, before, 'extract does not write checkpoints');

  const { out: table } = await captured(() => compareRun(['-d', dir, root, '-k', 'eval_epoch.metric.recall_at_1_im2recipe_mean', 'max']));
  assert.match(table, new RegExp(`1\\s+adamine\\s+${Math.max(...r1).toFixed(4)}`));
  assert.match(table, /left out .*no logs\.json/);
});

test('SIGINT finishes the batch, writes ckpt_last and exits non-zero; --exp.resume last continues', async () => {
  const dir = join(root, 'interrupted');
  const child = spawn(process.execPath, ['bin/recipe1m.js', 'train', ...trainArgs(dir, 50)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('epoch 1 of 50') && !child.killed) child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 130, out);
  assert.match(out, /SIGINT: finishing the current batch/);
  assert.match(out, /continue with --exp\.resume last/);
  const state = readEngineState(dir, 'last');
  assert.ok(state.epoch >= 1 && state.epoch < 50, `stopped at epoch ${state.epoch}`);
  const done = state.epoch + (state.batchInEpoch > 0 ? 1 : 0);
  const { value } = await captured(() => trainRun([...trainArgs(dir, done + 1), '--exp.resume', 'last']));
  assert.equal(value, 0);
  assert.deepEqual(readSeries(join(dir, 'logs.json'))['train_epoch.epoch'], [...Array(done + 1).keys()]);
});
