import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend.js';
import { readEngineState, loadModelVariables } from '../../lib/engine/checkpoint.js';
import { Engine, TrainingDivergedError, freshState, type EngineHooks } from '../../lib/engine/engine.js';
import { ExperimentLogger, readSeries } from '../../lib/engine/logger.js';
import { restoreTraining } from '../../lib/engine/restore_training.js';
import { defaults } from '../../lib/engine/schema.js';
import { buildCriterion, criterionSchema, type CriterionOptions } from '../../lib/losses/index.js';
import { retrievalMetrics } from '../../lib/metrics/index.js';
import { AdaMine, type NetworkOptions } from '../../lib/model/index.js';
import { CLASSES, FEATURE_DIM, VOCAB, syntheticItems, syntheticSource } from './synthetic.js';

const NETWORK: NetworkOptions = {
  word_dim: 8,
  word2vec: null,
  ingredient_hidden: 8,
  sentence_hidden: 8,
  instruction_hidden: 8,
  embedding_dim: 8,
  instruction_variant: 'hierarchical',
  init_seed: null,
};
const SEED = 7;
const trainItems = syntheticItems(60, 1);
const evalItems = syntheticItems(40, 2);

async function makeEngine(dir: string, nbEpochs: number, resume: string | null, hooks: EngineHooks[] = []): Promise<Engine> {
  await initBackend();
  const model = new AdaMine(NETWORK, { vocabSize: VOCAB, nClasses: CLASSES, featureDim: FEATURE_DIM, sentenceDim: 0 }, SEED);
  const criterion = buildCriterion(defaults(criterionSchema) as unknown as CriterionOptions);
  const optimizer = tf.train.adam(1e-2);
  const logger = new ExperimentLogger(dir, null, { echo: () => {}, series: resume !== null ? readSeries(join(dir, 'logs.json')) : {} });
  const settings = {
    nbEpochs,
    lr: 1e-2,
    clipGrad: 8,
    switchEpoch: 0,
    seed: SEED,
    evalFreq: 1,
    maxBatchesPerEpoch: null,
    progress: false,
    savingCriteria: ['eval_epoch.metric.recall_at_1_im2recipe_mean:max', 'eval_epoch.metric.med_im2recipe_mean:min'],
    optionsHash: 'test',
  };
  let state = freshState(SEED, 'test');
  if (resume !== null) state = await restoreTraining(dir, resume, model.namedVariables(), criterion.namedVariables, optimizer);
  return new Engine({
    dir,
    logger,
    model,
    criterion,
    optimizer,
    train: syntheticSource('train', trainItems, 10, SEED, true),
    eval: syntheticSource('val', evalItems, 10, SEED, false),
    evaluate: (e) => retrievalMetrics(e, { nb_bags: 2, nb_matchs_per_bag: 20, protocol: 'disjoint', seed: 3 }).values,
    settings,
    state,
    hooks,
  });
}

function logs(dir: string): Record<string, number[]> {
  return JSON.parse(readFileSync(join(dir, 'logs.json'), 'utf8'));
}

test('a run resumed from ckpt_last (after an epoch, or mid-epoch) logs exactly the losses of an uninterrupted run', async () => {
  const full = mkdtempSync(join(tmpdir(), 'eng-full-'));
  const tensors: number[] = [];
  const counter: EngineHooks = { onEpochEnd: (ctx) => ctx.mode === 'eval' && tensors.push(tf.memory().numTensors) };
  assert.equal(await (await makeEngine(full, 3, null, [counter])).train(), 'finished');
  assert.equal(new Set(tensors).size, 1, `tensors after each epoch: ${tensors}`);
  const reference = logs(full);
  assert.equal(reference['train_batch.loss'].length, 18);
  assert.equal(reference['eval_epoch.epoch'].length, 3);

  const split = mkdtempSync(join(tmpdir(), 'eng-split-'));
  assert.equal(await (await makeEngine(split, 1, null)).train(), 'finished');
  assert.equal(readEngineState(split, 'last').epoch, 1);
  const stopper: EngineHooks = { onBatchEnd: (ctx, engine) => ctx.mode === 'train' && ctx.epoch === 1 && ctx.batchIndex === 2 && engine.requestStop() };
  assert.equal(await (await makeEngine(split, 3, 'last', [stopper])).train(), 'interrupted');
  const mid = readEngineState(split, 'last');
  assert.deepEqual([mid.epoch, mid.batchInEpoch], [1, 3]);
  assert.equal(await (await makeEngine(split, 3, 'last')).train(), 'finished');
  const resumed = logs(split);
  assert.deepEqual(resumed['train_batch.loss'], reference['train_batch.loss']);
  assert.deepEqual(resumed['train_epoch.loss'], reference['train_epoch.loss']);
  assert.deepEqual(resumed['eval_epoch.metric.recall_at_1_im2recipe_mean'], reference['eval_epoch.metric.recall_at_1_im2recipe_mean']);
  assert.ok(reference['train_batch.grad_norm'].every((g) => g > 0 && Number.isFinite(g)));
  assert.ok(reference['train_batch.term.IRR.active_fraction'].every((f) => f >= 0 && f <= 1));
  const files = readdirSync(full);
  for (const tag of ['last', 'best_eval_epoch.metric.recall_at_1_im2recipe_mean', 'best_eval_epoch.metric.med_im2recipe_mean']) {
    for (const part of ['model.bin', 'optimizer.bin', 'engine.json']) assert.ok(files.includes(`ckpt_${tag}_${part}`), `ckpt_${tag}_${part}`);
  }
  assert.ok(!files.some((f) => f.includes('.tmp-')), 'no temporary file left');
  const best = readEngineState(full, 'best_eval_epoch.metric.recall_at_1_im2recipe_mean');
  const r1 = reference['eval_epoch.metric.recall_at_1_im2recipe_mean'];
  assert.equal(best.best['eval_epoch.metric.recall_at_1_im2recipe_mean'].value, Math.max(...r1));
  assert.equal(best.epoch, best.best['eval_epoch.metric.recall_at_1_im2recipe_mean'].epoch + 1);
});

test('a non-finite loss stops training with the epoch and batch, before any step, and ckpt_last stays the last good one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eng-nan-'));
  let poisoned = false;
  const poison: EngineHooks = {
    onBatchEnd: (ctx, engine) => {
      if (ctx.mode !== 'train' || ctx.epoch !== 1 || ctx.batchIndex !== 2) return;
      const kernel = engine.parts.model.namedVariables().get('image.projection.kernel') as tf.Variable;
      tf.tidy(() => kernel.assign(tf.fill(kernel.shape, NaN)));
      poisoned = true;
    },
  };
  const engine = await makeEngine(dir, 3, null, [poison]);
  await assert.rejects(engine.train(), (err: Error) => {
    assert.ok(err instanceof TrainingDivergedError);
    assert.equal(err.epoch, 1);
    assert.equal(err.batchIndex, 3);
    assert.match(err.message, /epoch 1, batch 3: the loss is NaN/);
    return true;
  });
  assert.ok(poisoned);
  const state = readEngineState(dir, 'last');
  assert.deepEqual([state.epoch, state.batchInEpoch], [1, 0]);
  const restored = new Map([...engine.parts.model.namedVariables()].map(([k, v]) => [k, tf.variable(tf.zerosLike(v))]));
  loadModelVariables(dir, 'last', restored, state.token);
  const kernel = restored.get('image.projection.kernel') as tf.Variable;
  assert.ok(Array.from(kernel.dataSync()).every(Number.isFinite));
  // logs.json ends where ckpt_last does: the aborted epoch's batches are not in it.
  assert.equal(logs(dir)['train_batch.loss'].length, 6);
});
