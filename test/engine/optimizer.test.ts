import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { readEngineState } from '../../lib/experiment/checkpoint.js';
import type { EngineHooks } from '../../lib/engine/engine.js';
import { FusedAdam } from '../../lib/engine/fused_adam.js';
import { buildOptimizer } from '../../lib/engine/optimizer.js';
import { loadOptions } from '../../lib/engine/options_schema.js';
import { makeEngine } from './tiny_engine.js';

const sgd = (momentum: number, nesterov = false) => ({ optimizer: () => buildOptimizer({ name: 'sgd', lr: 0.05, momentum, nesterov }), lr: 0.05 });

function logs(dir: string): Record<string, number[]> {
  return JSON.parse(readFileSync(join(dir, 'logs.json'), 'utf8'));
}

for (const nesterov of [false, true]) {
  test(`SGD with ${nesterov ? 'Nesterov ' : ''}momentum: a run resumed from ckpt_last (after an epoch, or mid-epoch) is bit-exact with an uninterrupted one`, async () => {
    const o = sgd(0.9, nesterov);
    const full = mkdtempSync(join(tmpdir(), 'sgd-full-'));
    assert.equal(await (await makeEngine(full, 3, null, o)).train(), 'finished');
    const reference = logs(full);

    const split = mkdtempSync(join(tmpdir(), 'sgd-split-'));
    assert.equal(await (await makeEngine(split, 1, null, o)).train(), 'finished');
    const stopper: EngineHooks = { onBatchEnd: (ctx, engine) => ctx.mode === 'train' && ctx.epoch === 1 && ctx.batchIndex === 2 && engine.requestStop() };
    assert.equal(await (await makeEngine(split, 3, 'last', { ...o, hooks: [stopper] })).train(), 'interrupted');
    const mid = readEngineState(split, 'last');
    assert.deepEqual([mid.epoch, mid.batchInEpoch], [1, 3]);
    assert.equal(await (await makeEngine(split, 3, 'last', o)).train(), 'finished');
    const resumed = logs(split);
    for (const key of ['train_batch.loss', 'train_batch.grad_norm', 'train_batch.update_norm', 'train_batch.update_ratio', 'eval_epoch.metric.recall_at_1_im2recipe_mean']) {
      assert.equal(resumed[key].length, reference[key].length, key);
      assert.deepEqual(resumed[key], reference[key], key);
    }
  });
}

test('the logged update size is the step actually applied: plain SGD moves the parameters by lr times the (clipped) gradient norm', async () => {
  for (const clip of [null, 0.01]) {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-update-'));
    await (await makeEngine(dir, 1, null, { ...sgd(0), clipGrad: clip })).train();
    const l = logs(dir);
    assert.equal(l['train_batch.update_norm'].length, 6);
    l['train_batch.update_norm'].forEach((u, i) => {
      const g = l['train_batch.grad_norm'][i];
      const expected = 0.05 * (clip === null ? g : Math.min(g, clip));
      assert.ok(Math.abs(u - expected) <= 1e-3 * expected, `batch ${i}, clip ${clip}: ||Δθ|| ${u}, lr·||g|| ${expected}`);
      const ratio = l['train_batch.update_ratio'][i];
      assert.ok(ratio > 0 && ratio < 1, `ratio ${ratio}`);
    });
    assert.ok(Number.isFinite(l['train_epoch.update_norm'][0]) && Number.isFinite(l['train_epoch.update_ratio'][0]));
  }
});

test('Adam largely normalises the gradient scale away: a 10 times smaller first gradient moves the parameters almost as far', async () => {
  const first = async (clip: number | null) => {
    const dir = mkdtempSync(join(tmpdir(), 'adam-update-'));
    const stop: EngineHooks = { onBatchEnd: (ctx, engine) => ctx.batchIndex === 0 && engine.requestStop() };
    await (await makeEngine(dir, 1, null, { optimizer: () => new FusedAdam(1e-3), lr: 1e-3, clipGrad: clip, hooks: [stop] })).train();
    const l = logs(dir);
    return { grad: l['train_batch.grad_norm'][0], update: l['train_batch.update_norm'][0] };
  };
  const plain = await first(null);
  const small = await first(plain.grad / 10);
  assert.equal(small.grad, plain.grad, 'the same first batch');
  // Plain SGD would move 10 times less; Adam's first step is lr·g/(|g| + ε) per coordinate.
  assert.ok(small.update > 0.5 * plain.update && small.update <= plain.update, `||Δθ|| ${plain.update} unclipped, ${small.update} with the gradient / 10`);
});

test('optimizer options: adam (fused) by default, sgd with momentum and nesterov, choices and ranges checked', () => {
  const base = loadOptions([]).options.optimizer;
  assert.deepEqual([base.name, base.momentum, base.nesterov], ['adam', 0.9, false]);
  const adam = buildOptimizer(base);
  assert.ok(adam instanceof FusedAdam);
  adam.dispose();
  const o = loadOptions(['--optimizer.name', 'sgd', '--optimizer.lr', '0.1', '--optimizer.momentum', '0.5', '--optimizer.nesterov', 'true']).options.optimizer;
  const opt = buildOptimizer(o) as tf.MomentumOptimizer;
  assert.ok(opt instanceof tf.MomentumOptimizer);
  assert.deepEqual(opt.getConfig(), { learningRate: 0.1, momentum: 0.5, useNesterov: true });
  opt.dispose();
  assert.throws(() => loadOptions(['--optimizer.name', 'rmsprop']), /option 'optimizer\.name' = "rmsprop" \(from command line\) is not an allowed value; allowed: one of: adam, sgd/);
  assert.throws(() => loadOptions(['--optimizer.momentum', '1.5']), /option 'optimizer\.momentum' = 1\.5 .* is above the maximum 1/);
});

test('a checkpoint of one optimizer does not resume under the other, and says which optimizer.name it needs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-adam-'));
  await (await makeEngine(dir, 1, null, sgd(0.9))).train();
  await assert.rejects(makeEngine(dir, 2, 'last', { optimizer: () => new FusedAdam(1e-3), lr: 1e-3 }), /holds the state of optimizer\.name sgd, the options ask for adam: resume with --optimizer\.name sgd/);
});
