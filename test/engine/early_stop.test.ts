import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { readEngineState } from '../../lib/experiment/checkpoint.js';
import { EARLY_STOP_NOTE, type EngineHooks, type Evaluate } from '../../lib/engine/engine.js';
import { readLogs } from '../../lib/experiment/logger.js';
import { makeEngine } from './tiny_engine.js';

const adam = { optimizer: () => tf.train.adam(1e-2), lr: 1e-2 };

/** Validation R@1 after epochs 1, 2, 3, …: best after epoch 2, then 2 evaluations without improvement. */
const R1 = [0.1, 0.3, 0.3, 0.2, 0.5, 0.6];

/** Metrics that follow R1 by the epoch of the evaluation (so a resumed run sees the same), MedR never improving after the first. */
function scripted(epochs: () => number): Evaluate {
  return () => ({ recall_at_1_im2recipe_mean: R1[epochs()], med_im2recipe_mean: 10 });
}

async function run(dir: string, nbEpochs: number, resume: string | null, patience: number | null, extra: { hooks?: EngineHooks[]; lines?: string[] } = {}) {
  let epoch = 0;
  const hooks: EngineHooks[] = [{ onBatchEnd: (ctx) => { epoch = ctx.epoch; } }, ...(extra.hooks ?? [])];
  const engine = await makeEngine(dir, nbEpochs, resume, { ...adam, patience, hooks, evaluate: scripted(() => epoch), echo: (l) => extra.lines?.push(l) });
  return engine.train();
}

const epochsTrained = (dir: string) => readLogs(join(dir, 'logs.json')).series['train_epoch.epoch'].length;

test('engine.patience stops once the first saving criterion has not improved for that many evaluations, and says so in logs.json and on the console', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'early-'));
  const lines: string[] = [];
  assert.equal(await run(dir, 6, null, 2, { lines }), 'finished');
  // Best after epoch 2 (index 1); epochs 3 and 4 do not beat it: stop after epoch 4, not 6.
  assert.equal(epochsTrained(dir), 4);
  const notes = readLogs(join(dir, 'logs.json')).notes[EARLY_STOP_NOTE];
  assert.equal(notes.length, 1);
  assert.match(notes[0], /^stopped after epoch 4 of 6: eval_epoch\.metric\.recall_at_1_im2recipe_mean has not improved for 2 evaluations \(engine\.patience 2\); its best, 0\.3, was after epoch 2/);
  assert.ok(lines.some((l) => l.startsWith('early stopping after epoch 4 of 6')), lines.join('\n'));
  assert.equal(readEngineState(dir, 'last').epoch, 4);
  assert.equal(readEngineState(dir, 'best_eval_epoch.metric.recall_at_1_im2recipe_mean').epoch, 2);

  // Resumed, it trains nothing more: the decision is read back from the logs and the checkpoint.
  const again: string[] = [];
  assert.equal(await run(dir, 6, 'last', 2, { lines: again }), 'nothing');
  assert.equal(epochsTrained(dir), 4);
  assert.ok(again.some((l) => l.startsWith('early stopping: training already ended')), again.join('\n'));
});

test('without engine.patience every epoch is trained; an interrupted run with patience stops where an uninterrupted one does', async () => {
  const off = mkdtempSync(join(tmpdir(), 'early-off-'));
  assert.equal(await run(off, 6, null, null), 'finished');
  assert.equal(epochsTrained(off), 6);
  assert.equal(readLogs(join(off, 'logs.json')).notes[EARLY_STOP_NOTE], undefined);

  const split = mkdtempSync(join(tmpdir(), 'early-split-'));
  const stopper: EngineHooks = { onBatchEnd: (ctx, engine) => ctx.mode === 'train' && ctx.epoch === 2 && ctx.batchIndex === 1 && engine.requestStop() };
  assert.equal(await run(split, 6, null, 2, { hooks: [stopper] }), 'interrupted');
  assert.equal(await run(split, 6, 'last', 2), 'finished');
  assert.equal(epochsTrained(split), 4);
  assert.equal(readLogs(join(split, 'logs.json')).notes[EARLY_STOP_NOTE].length, 1);
  assert.ok(readFileSync(join(split, 'logs.json'), 'utf8').includes('stopped after epoch 4 of 6'));
});
