import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { readEngineState, loadModelVariables } from '../../lib/experiment/checkpoint.js';
import { TrainingDivergedError, type EngineHooks } from '../../lib/engine/engine.js';
import { makeEngine } from './tiny_engine.js';

const adam = { optimizer: () => tf.train.adam(1e-2), lr: 1e-2 };

function logs(dir: string): Record<string, number[]> {
  return JSON.parse(readFileSync(join(dir, 'logs.json'), 'utf8'));
}

test('a run resumed from ckpt_last (after an epoch, or mid-epoch) logs exactly the losses of an uninterrupted run', async () => {
  const full = mkdtempSync(join(tmpdir(), 'eng-full-'));
  const tensors: number[] = [];
  const counter: EngineHooks = { onEpochEnd: (ctx) => ctx.mode === 'eval' && tensors.push(tf.memory().numTensors) };
  assert.equal(await (await makeEngine(full, 3, null, { ...adam, hooks: [counter] })).train(), 'finished');
  assert.equal(new Set(tensors).size, 1, `tensors after each epoch: ${tensors}`);
  const reference = logs(full);
  assert.equal(reference['train_batch.loss'].length, 18);
  assert.equal(reference['eval_epoch.epoch'].length, 3);

  const split = mkdtempSync(join(tmpdir(), 'eng-split-'));
  assert.equal(await (await makeEngine(split, 1, null, adam)).train(), 'finished');
  assert.equal(readEngineState(split, 'last').epoch, 1);
  const stopper: EngineHooks = { onBatchEnd: (ctx, engine) => ctx.mode === 'train' && ctx.epoch === 1 && ctx.batchIndex === 2 && engine.requestStop() };
  assert.equal(await (await makeEngine(split, 3, 'last', { ...adam, hooks: [stopper] })).train(), 'interrupted');
  const mid = readEngineState(split, 'last');
  assert.deepEqual([mid.epoch, mid.batchInEpoch], [1, 3]);
  assert.equal(await (await makeEngine(split, 3, 'last', adam)).train(), 'finished');
  const resumed = logs(split);
  assert.deepEqual(resumed['train_batch.loss'], reference['train_batch.loss']);
  assert.deepEqual(resumed['train_epoch.loss'], reference['train_epoch.loss']);
  assert.deepEqual(resumed['train_batch.update_norm'], reference['train_batch.update_norm']);
  assert.ok(reference['train_batch.update_ratio'].every((r) => r > 0 && r < 1));
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
  const engine = await makeEngine(dir, 3, null, { ...adam, hooks: [poison] });
  await assert.rejects(engine.train(), (err: Error) => {
    assert.ok(err instanceof TrainingDivergedError);
    assert.equal(err.epoch, 1);
    assert.equal(err.batchIndex, 3);
    assert.match(err.message, /training diverged in epoch 2 of 3, batch 4 of 6: the loss is NaN/);
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

test('an evaluation engine has no optimizer and no saver: evaluate gives the metrics, training refuses', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eng-eval-'));
  assert.equal(await (await makeEngine(dir, 1, null, adam)).train(), 'finished');
  const before = readdirSync(dir).sort();
  const engine = await makeEngine(dir, 2, 'last', { ...adam, evaluationOnly: true });
  assert.equal(engine.parts.optimizer, null);
  const out = await engine.evaluate(0);
  assert.ok(Number.isFinite(out.metrics.recall_at_1_im2recipe_mean));
  assert.equal(out.embeddings.count, 40);
  await assert.rejects(engine.trainEpoch(1), /built for evaluation, without an optimizer/);
  await assert.rejects(engine.train(), /built for evaluation, without an optimizer or a saver/);
  assert.deepEqual(readdirSync(dir).sort(), before, 'nothing written');
});
