/**
 * Training that would train nothing is not reported as success: a small
 * collection the class-balanced sampler cannot fill trains on filled
 * batches and says so once; an epoch without a batch (a batch larger than
 * the split, an empty split) is refused before anything is written;
 * `engine.nb_epochs 0` says what happened instead of "done".
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { run as trainRun } from '../../lib/commands/train.js';
import { EmptyEpochError, Engine, freshState } from '../../lib/engine/engine.js';
import { ExperimentLogger, readSeries } from '../../lib/experiment/logger.js';
import { folderSaver } from '../../lib/experiment/folder_saver.js';
import { defaults } from '../../lib/options/index.js';
import { buildCriterion, criterionSchema } from '../../lib/losses/index.js';
import { AdaMine } from '../../lib/model/index.js';
import { CLASSES, FEATURE_DIM, VOCAB, syntheticSource } from './synthetic.js';
import { SPARSE_SAME_CLASS_PAIRS, SPARSE_TRAIN_PAIRS, sparseClassStore } from './sparse_store.js';

let store = '';
let root = '';

before(async () => {
  store = await sparseClassStore();
  root = mkdtempSync(join(tmpdir(), 'empty-epochs-'));
});

async function captured(f: () => Promise<number>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(' '));
  try {
    return { code: await f(), out: lines.join('\n') };
  } finally {
    console.log = original;
  }
}

function args(dir: string, batchSize: number, epochs: number, extra: string[] = []): string[] {
  const widths = ['word_dim', 'ingredient_hidden', 'sentence_hidden', 'instruction_hidden', 'embedding_dim'].flatMap((k) => [`--model.network.${k}`, '8']);
  return [
    '-o', 'options/adamine.yaml', '--exp.dir', dir, '--dataset.dir', store, '--dataset.batch_size', String(batchSize), ...widths,
    '--model.metric.nb_bags', '2', '--model.metric.nb_matchs_per_bag', '30', '--engine.nb_epochs', String(epochs), '--engine.progress', 'false', ...extra,
  ];
}

test(`${SPARSE_TRAIN_PAIRS} training pairs with ${SPARSE_SAME_CLASS_PAIRS} same-class pairs: batch 16 trains every epoch, and says once why the batches are filled`, async () => {
  const dir = join(root, 'b16');
  const { code, out } = await captured(() => trainRun(args(dir, 16, 2)));
  assert.equal(code, 0);
  const logs = readSeries(join(dir, 'logs.json'));
  assert.deepEqual(logs['train_batch.epoch'], [0, 0, 0, 0, 1, 1, 1, 1], 'floor(78 / 16) = 4 batches per epoch');
  assert.ok(logs['train_epoch.loss'].every(Number.isFinite));
  assert.doesNotMatch(out, /train loss -/);
  const notes = readFileSync(join(dir, 'logs.txt'), 'utf8').split('\n').filter((l) => l.startsWith('note: the class-balanced rule'));
  assert.equal(notes.length, 1, 'said once per run, not once per epoch');
  assert.match(notes[0], /needs 4 same-class pairs and 8 background recipes per batch of 16, and the split has 3 same-class pairs and 60 background recipes/);
});

test('a batch larger than the training split is refused with both sizes, before anything is written, exit non-zero', async () => {
  for (const batch of [100, 250]) {
    const dir = join(root, `b${batch}`);
    await assert.rejects(
      trainRun(args(dir, batch, 30)),
      new RegExp(`training epoch 1 has no batch: the train split has 78 pairs and the batch size is ${batch}; a batch needs more pairs than the split holds: set dataset.batch_size to 78 or less`),
    );
    assert.ok(!existsSync(dir), 'no folder, no "best" checkpoint of the initialisation');
  }
});

test('an empty training split (prepare skipped every recipe) is refused by the engine, naming the split', async () => {
  await initBackend();
  const model = new AdaMine(
    { word_dim: 4, word2vec: null, ingredient_hidden: 4, sentence_hidden: 4, instruction_hidden: 4, embedding_dim: 4, instruction_variant: 'hierarchical', init_seed: null },
    { vocabSize: VOCAB, nClasses: CLASSES, featureDim: FEATURE_DIM, sentenceDim: 0 },
    1,
  );
  const criterion = buildCriterion(defaults(criterionSchema));
  const optimizer = tf.train.adam(1e-3);
  const dir = mkdtempSync(join(tmpdir(), 'empty-split-'));
  const logger = new ExperimentLogger(dir, null, { echo: () => {} });
  const engine = new Engine({
    logger, model, criterion, optimizer, saver: folderSaver(dir, logger),
    train: syntheticSource('train', [], 10, 1, true), eval: null, evaluate: () => ({}),
    settings: { nbEpochs: 3, lr: 1e-3, clipGrad: null, seed: 1, evalFreq: 1, maxBatchesPerEpoch: null, progress: false, savingCriteria: [], optionsHash: 'x' },
    state: freshState(1, 'x'),
  });
  await assert.rejects(engine.train(), (err: Error) => err instanceof EmptyEpochError && /the train split has 0 pairs and the batch size is 10; the split is empty \(prepare kept none of its recipes/.test(err.message));
  assert.deepEqual(readdirSync(dir), [], 'nothing saved');
  model.dispose();
  optimizer.dispose();
});

test('engine.nb_epochs 0 is refused instead of "done"; a resume already at nb_epochs trains and writes nothing, and says so', async () => {
  const dir = join(root, 'zero');
  await assert.rejects(captured(() => trainRun(args(dir, 16, 0))), /engine\.nb_epochs is 0: there is nothing to train, and no checkpoint would be written/);
  assert.ok(!existsSync(dir));
  await captured(() => trainRun(args(dir, 16, 1)));
  const files = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
  const { code, out } = await captured(() => trainRun(args(dir, 16, 1, ['--exp.resume', 'last'])));
  assert.equal(code, 0);
  assert.match(out, /ckpt_last is after 1 epoch and engine\.nb_epochs is 1: nothing to train; nothing was written/);
  assert.doesNotMatch(out, /done:|written\)/);
  assert.deepEqual(Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f)).toString('base64')])), files);
});
