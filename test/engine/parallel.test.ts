/**
 * Data-parallel training (lib/engine/parallel/): a step on 2 replicas gives
 * the single-process step's loss, gradients and updated parameters within
 * float tolerance; runs resume alike whatever the number of workers; tensors
 * do not pile up; a failed or poisoned worker stops the run cleanly.
 *
 * The tolerance: the replicas compute the same products on fewer rows and
 * add the partial gradients of their rows afterwards, so float32 sums run in
 * another order. Measured gaps are about 1.5e-7 of the largest entry (loss
 * and norm agree to 1e-6 or better); 1e-5 leaves room for other backends and
 * shapes and is still far below any real difference (a gradient of the wrong
 * rows, a term counted twice or missed, changes whole entries).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { backendInfo, initBackend } from '../../lib/backend/index.js';
import { readEngineState } from '../../lib/experiment/checkpoint.js';
import { Engine, TrainingDivergedError, freshState, type EngineHooks } from '../../lib/engine/engine.js';
import { buildOptimizer } from '../../lib/engine/optimizer.js';
import { ExperimentLogger, readSeries } from '../../lib/experiment/logger.js';
import { folderSaver } from '../../lib/experiment/folder_saver.js';
import { balancedShares, rowCosts } from '../../lib/engine/parallel/batch_rows.js';
import { DataParallel } from '../../lib/engine/parallel/data_parallel.js';
import { restoreTraining } from '../../lib/experiment/restore_training.js';
import { defaults } from '../../lib/options/index.js';
import { forwardStep, trainStep } from '../../lib/engine/train_step.js';
import { buildCriterion, criterionSchema, type Criterion, type CriterionOptions } from '../../lib/losses/index.js';
import { dotEngineFor, retrievalMetrics } from '../../lib/metrics/index.js';
import { AdaMine } from '../../lib/model/index.js';
import { CLASSES, FEATURE_DIM, TINY_NETWORK as NETWORK, VOCAB, makeSyntheticBatch, syntheticItems, syntheticSource } from './synthetic.js';

const DIMS = { vocabSize: VOCAB, nClasses: CLASSES, featureDim: FEATURE_DIM, sentenceDim: 0 };
const SEED = 7;
const TOLERANCE = 1e-5;
const trainItems = syntheticItems(60, 1);
const evalItems = syntheticItems(40, 2);

function criterionOptions(overrides: Partial<CriterionOptions> = {}): CriterionOptions {
  return { ...defaults(criterionSchema), ...overrides };
}

interface Run {
  model: AdaMine;
  criterion: Criterion;
  dispose(): void;
  optimizer: tf.Optimizer;
  replicas: DataParallel | null;
}

type OptimizerName = 'adam' | 'sgd' | 'nesterov';

async function makeRun(workers: number, criterion: CriterionOptions = criterionOptions(), optimizerName: OptimizerName = 'adam'): Promise<Run> {
  await initBackend();
  const c = buildCriterion(criterion);
  const model = new AdaMine(NETWORK, { ...DIMS, semanticHead: c.needsSemanticHead }, SEED);
  const optimizer = buildOptimizer({ name: optimizerName === 'adam' ? 'adam' : 'sgd', lr: 1e-2, momentum: 0.9, nesterov: optimizerName === 'nesterov' });
  const replicas = workers > 1 ? new DataParallel({ replicas: workers, model, criterion: c, criterionOptions: criterion, optimizer, seed: SEED }) : null;
  return {
    model,
    criterion: c,
    optimizer,
    replicas,
    dispose() {
      optimizer.dispose();
      model.dispose();
      c.dispose();
    },
  };
}

function variablesOf(run: Run): tf.Variable[] {
  return [...run.model.trainableVariables(), ...run.criterion.namedVariables.values()];
}

/** Largest |a − b| over the largest |a|, across every tensor pair. */
function relativeGap(a: Float32Array[], b: Float32Array[]): number {
  let gap = 0;
  let scale = 0;
  a.forEach((x, i) => {
    assert.equal(x.length, b[i].length);
    for (let j = 0; j < x.length; j++) {
      gap = Math.max(gap, Math.abs(x[j] - b[i][j]));
      scale = Math.max(scale, Math.abs(x[j]));
    }
  });
  return gap / Math.max(scale, 1e-30);
}

const values = (ts: readonly tf.Tensor[]): Float32Array[] => ts.map((t) => t.dataSync() as Float32Array);

/** The optimizer's positional state lists (Adam's m and v, SGD's momentum accumulations). */
function stateOf(run: Run): tf.Variable[][] {
  const o = run.optimizer as unknown as Record<string, { variable: tf.Variable }[]>;
  const lists = run.optimizer.getClassName() === 'Adam' ? [o.accumulatedFirstMoment, o.accumulatedSecondMoment] : [o.accumulations];
  return lists.map((l) => l.map((e) => e.variable));
}

async function compareOneStep(criterion: CriterionOptions, workers = 2, rows = 24, optimizerName: OptimizerName = 'adam'): Promise<void> {
  const single = await makeRun(1, criterion, optimizerName);
  const parallel = await makeRun(workers, criterion, optimizerName);
  const initial = values(variablesOf(single)).map((x) => x.slice());
  try {
    const batch = makeSyntheticBatch(trainItems, Array.from({ length: rows }, (_, i) => i));
    const a = trainStep(single.model, single.criterion, single.optimizer, variablesOf(single), batch, 8);
    const b = await (parallel.replicas as DataParallel).trainStep(batch, variablesOf(parallel), 8);
    (parallel.replicas as DataParallel).syncToMain();
    assert.ok(Math.abs(a.loss - b.loss) <= TOLERANCE * Math.abs(a.loss), `loss ${a.loss} vs ${b.loss}`);
    assert.ok(Math.abs(a.gradNorm - b.gradNorm) <= TOLERANCE * a.gradNorm, `gradient norm ${a.gradNorm} vs ${b.gradNorm}`);
    assert.deepEqual(b.terms.map((t) => t.name), a.terms.map((t) => t.name));
    a.terms.forEach((t, i) => assert.ok(Math.abs(t.loss - b.terms[i].loss) <= TOLERANCE * Math.max(1, Math.abs(t.loss)), `term ${t.name}`));
    // After one step, Adam's first moment is (1 − β1) × the clipped gradient and SGD's accumulation the
    // clipped gradient itself: the optimizer states compare the gradients.
    const [first, ...rest] = stateOf(parallel);
    assert.equal(first.length, variablesOf(single).length);
    stateOf(single).forEach((list, k) => {
      const gap = relativeGap(values(list), values([first, ...rest][k]));
      assert.ok(gap <= TOLERANCE, `${optimizerName} state ${k} (the gradients) differs by ${gap} of its largest entry`);
    });
    const moved = (run: Run) => values(variablesOf(run)).map((x, i) => x.map((v, j) => v - initial[i][j]));
    const norm = (xs: Float32Array[]) => Math.sqrt(xs.reduce((acc, x) => x.reduce((a, v) => a + v * v, acc), 0));
    if (optimizerName === 'adam') {
      // Adam's first step moves each parameter by about lr whatever its gradient's size, so an entry whose gradient
      // is a millionth of the largest turns the gradient's last-bit rounding (which differs between OpenBLAS kernels,
      // e.g. OPENBLAS_CORETYPE=Haswell: 1.2% of the largest move measured) into a move of the size of lr. The
      // gradients are compared above; here the update must be Adam's first step on the workers' own gradient.
      const [m, v] = stateOf(parallel).map(values);
      const lr = 1e-2;
      const expected = m.map((mi, i) => mi.map((g, j) => (-lr * (g / (1 - 0.9))) / (Math.sqrt(v[i][j] / (1 - 0.999)) + 1e-7)));
      const gap = relativeGap(expected, moved(parallel));
      assert.ok(gap <= 1e-3, `the workers' update differs from Adam's step on their own gradient by ${gap} of the largest update`);
      assert.ok(Math.abs(norm(expected) - b.updateNorm) <= 1e-3 * b.updateNorm, `update norm ${b.updateNorm} vs ${norm(expected)}`);
    } else {
      const gap = relativeGap(moved(single), moved(parallel));
      assert.ok(gap <= TOLERANCE, `updates differ by ${gap} of the largest update`);
      assert.ok(Math.abs(a.updateNorm - b.updateNorm) <= TOLERANCE * a.updateNorm, `update norm ${a.updateNorm} vs ${b.updateNorm}`);
      assert.ok(Math.abs(a.updateRatio - b.updateRatio) <= TOLERANCE * a.updateRatio, `update ratio ${a.updateRatio} vs ${b.updateRatio}`);
    }
    assert.equal(parallel.optimizer.iterations, 1);
  } finally {
    await parallel.replicas?.dispose();
    single.dispose();
    parallel.dispose();
  }
}

test('one step on 2 workers gives the loss, gradients and updated parameters of the single-process step (AdaMine triplet loss)', async () => {
  await compareOneStep(criterionOptions());
});

test('the same holds for a loss with its own parameter and a semantic head (InfoNCE, pairwise)', async () => {
  await compareOneStep(criterionOptions({ name: 'infonce' }));
  await compareOneStep(criterionOptions({ name: 'pairwise', reduction: 'mean' }));
});

test('the same holds with SGD with momentum, plain and Nesterov', async () => {
  await compareOneStep(criterionOptions(), 2, 24, 'sgd');
  await compareOneStep(criterionOptions(), 2, 24, 'nesterov');
});

test('with more workers than rows, the workers without rows still take part in the sum and the update', async () => {
  await compareOneStep(criterionOptions({ name: 'infonce' }), 3, 2);
});

async function makeEngine(dir: string, nbEpochs: number, resume: string | null, workers: number, hooks: EngineHooks[] = []): Promise<{ engine: Engine; run: Run }> {
  const run = await makeRun(workers);
  const logger = new ExperimentLogger(dir, null, { echo: () => {}, series: resume !== null ? readSeries(join(dir, 'logs.json')) : {} });
  let state = freshState(SEED, 'test');
  if (resume !== null) state = await restoreTraining(dir, resume, run.model.namedVariables(), run.criterion.namedVariables, run.optimizer);
  const engine = new Engine({
    logger,
    saver: folderSaver(dir, logger),
    model: run.model,
    criterion: run.criterion,
    optimizer: run.optimizer,
    train: syntheticSource('train', trainItems, 10, SEED, true),
    eval: syntheticSource('val', evalItems, 10, SEED, false),
    evaluate: (e) => retrievalMetrics(e, { nb_bags: 2, nb_matchs_per_bag: 20, protocol: 'disjoint', seed: 3, dot: dotEngineFor(backendInfo().name) }).values,
    settings: {
      nbEpochs,
      lr: 1e-2,
      clipGrad: 8,
      seed: SEED,
      evalFreq: 1,
      maxBatchesPerEpoch: null,
      progress: false,
      savingCriteria: ['eval_epoch.metric.recall_at_1_im2recipe_mean:max'],
      optionsHash: 'test',
    },
    state,
    hooks,
    replicas: run.replicas,
  });
  return { engine, run };
}

async function train(dir: string, nbEpochs: number, resume: string | null, workers: number, hooks: EngineHooks[] = []): Promise<string> {
  const { engine, run } = await makeEngine(dir, nbEpochs, resume, workers, hooks);
  try {
    return await engine.train();
  } finally {
    await run.replicas?.dispose();
    run.dispose();
  }
}

function logs(dir: string): Record<string, number[]> {
  return JSON.parse(readFileSync(join(dir, 'logs.json'), 'utf8'));
}

function closeTo(a: number[], b: number[], what: string): void {
  assert.equal(a.length, b.length, what);
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= 1e-3 * Math.max(1, Math.abs(x)), `${what}[${i}]: ${x} vs ${b[i]}`));
}

test('a 2-worker run resumes exactly like an uninterrupted one, and a checkpoint resumes with any number of workers', async () => {
  const full = mkdtempSync(join(tmpdir(), 'par-full-'));
  assert.equal(await train(full, 3, null, 2), 'finished');
  const reference = logs(full);
  assert.equal(reference['train_batch.loss'].length, 18);

  const split = mkdtempSync(join(tmpdir(), 'par-split-'));
  assert.equal(await train(split, 1, null, 2), 'finished');
  const stopper: EngineHooks = { onBatchEnd: (ctx, engine) => ctx.mode === 'train' && ctx.epoch === 1 && ctx.batchIndex === 2 && engine.requestStop() };
  assert.equal(await train(split, 3, 'last', 2, [stopper]), 'interrupted');
  assert.deepEqual([readEngineState(split, 'last').epoch, readEngineState(split, 'last').batchInEpoch], [1, 3]);
  assert.equal(await train(split, 3, 'last', 2), 'finished');
  const resumed = logs(split);
  for (const key of ['train_batch.loss', 'train_batch.grad_norm', 'train_epoch.loss', 'eval_epoch.loss', 'eval_epoch.metric.recall_at_1_im2recipe_mean']) {
    assert.deepEqual(resumed[key], reference[key], key);
  }

  // The same checkpoints, continued by one worker, or a one-worker checkpoint continued by two.
  const single = mkdtempSync(join(tmpdir(), 'par-single-'));
  assert.equal(await train(single, 3, null, 1), 'finished');
  const toOne = mkdtempSync(join(tmpdir(), 'par-to1-'));
  assert.equal(await train(toOne, 1, null, 2), 'finished');
  assert.equal(await train(toOne, 3, 'last', 1), 'finished');
  const toTwo = mkdtempSync(join(tmpdir(), 'par-to2-'));
  assert.equal(await train(toTwo, 1, null, 1), 'finished');
  assert.equal(await train(toTwo, 3, 'last', 2), 'finished');
  for (const dir of [toOne, toTwo, full]) {
    closeTo(logs(dir)['train_batch.loss'], logs(single)['train_batch.loss'], `${dir} train_batch.loss`);
    closeTo(logs(dir)['eval_epoch.loss'], logs(single)['eval_epoch.loss'], `${dir} eval_epoch.loss`);
  }
});

test('the replicas\' tensors and the main thread\'s do not pile up over steps and evaluations', async () => {
  const run = await makeRun(2);
  const replicas = run.replicas as DataParallel;
  try {
    const batches = [0, 1, 2].map((k) => makeSyntheticBatch(trainItems, Array.from({ length: 20 }, (_, i) => (7 * k + i) % trainItems.length)));
    const round = async () => {
      for (const b of batches) await replicas.trainStep(b, variablesOf(run), 8);
      await replicas.forwardStep(batches[0]);
    };
    await round();
    replicas.syncToMain();
    const main0 = tf.memory().numTensors;
    const workers0 = (await replicas.stats()).map((s) => s.tensors);
    for (let i = 0; i < 4; i++) {
      await round();
      replicas.syncToMain();
    }
    assert.equal(tf.memory().numTensors, main0);
    assert.deepEqual((await replicas.stats()).map((s) => s.tensors), workers0);
  } finally {
    await replicas.dispose();
    run.dispose();
  }
});

const paramsOf = (run: Run): Float32Array[] => values([...run.model.namedVariables().values()]).map((x) => x.slice());

test('a NaN in one worker\'s rows stops the step before any update, everywhere; the run can go on from the same state', async () => {
  const poisoned = await makeRun(2);
  const clean = await makeRun(2);
  try {
    const good = makeSyntheticBatch(trainItems, Array.from({ length: 20 }, (_, i) => i));
    const bad = makeSyntheticBatch(trainItems, Array.from({ length: 20 }, (_, i) => i + 20));
    // The last row belongs to the second worker's share.
    bad.imageFeatures.fill(NaN, 19 * FEATURE_DIM, 20 * FEATURE_DIM);
    const p = poisoned.replicas as DataParallel;
    await p.trainStep(good, variablesOf(poisoned), 8);
    await assert.rejects(p.trainStep(bad, variablesOf(poisoned), 8), /the loss is NaN/);
    const next = await p.trainStep(good, variablesOf(poisoned), 8);
    p.syncToMain();
    const c = clean.replicas as DataParallel;
    await c.trainStep(good, variablesOf(clean), 8);
    const reference = await c.trainStep(good, variablesOf(clean), 8);
    c.syncToMain();
    // Bit for bit: the refused step left nothing behind, in any replica or in Adam's state.
    assert.equal(next.loss, reference.loss);
    assert.deepEqual(paramsOf(poisoned), paramsOf(clean));
    assert.equal(poisoned.optimizer.iterations, 2);
  } finally {
    await poisoned.replicas?.dispose();
    await clean.replicas?.dispose();
    poisoned.dispose();
    clean.dispose();
  }
});

test('a worker that fails or dies stops the run with its name and the batch; nothing of the step reaches the main model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'par-crash-'));
  // An out-of-vocabulary token in the second worker's rows of epoch 0, batch 2: only that worker fails.
  const items = syntheticItems(60, 1);
  const source = syntheticSource('train', items, 10, SEED, true);
  const plan = source.plan(0);
  items[plan[2][9]].ingredients[0] = VOCAB + 5;
  const { engine, run } = await makeEngine(dir, 2, null, 2);
  engine.parts.train = source;
  const before = paramsOf(run);
  try {
    await assert.rejects(engine.train(), (err: Error) => {
      assert.doesNotMatch(err.message, /^TrainingDiverged/);
      assert.match(err.message, /^training stopped in epoch 1 of 2, batch 3 of 6: data-parallel worker 2 of 2 failed: .*GatherV2.*; the workers were stopped; the step was not applied and no checkpoint was written yet/);
      return true;
    });
    assert.deepEqual(paramsOf(run), before, 'the main model never took a step');
    await assert.rejects((run.replicas as DataParallel).trainStep(source.load(plan[0], 0, 0), variablesOf(run), 8), /worker 2 of 2 failed/);
  } finally {
    await run.replicas?.dispose();
    run.dispose();
  }

  const killed = await makeRun(2);
  try {
    const replicas = killed.replicas as DataParallel;
    const batch = makeSyntheticBatch(trainItems, Array.from({ length: 40 }, (_, i) => i));
    await replicas.trainStep(batch, variablesOf(killed), 8);
    const step = replicas.trainStep(batch, variablesOf(killed), 8);
    await new Promise((r) => setImmediate(r));
    void replicas.threads[0].terminate();
    await assert.rejects(step, /data-parallel worker 1 of 2 exited \(code 1\); the workers were stopped/);
  } finally {
    await killed.replicas?.dispose();
    killed.dispose();
  }
});

test('evaluation on 2 workers gives the single-process embeddings and loss; a hook\'s change to the main model reaches the replicas', async () => {
  const single = await makeRun(1);
  const parallel = await makeRun(2);
  try {
    const batch = makeSyntheticBatch(evalItems, Array.from({ length: 15 }, (_, i) => i));
    const a = forwardStep(single.model, single.criterion, batch);
    const b = await (parallel.replicas as DataParallel).forwardStep(batch);
    assert.equal(b.dim, a.dim);
    assert.ok(relativeGap([a.images, a.recipes], [b.images, b.recipes]) <= TOLERANCE);
    assert.ok(Math.abs(a.loss - b.loss) <= TOLERANCE * Math.abs(a.loss));
  } finally {
    await parallel.replicas?.dispose();
    single.dispose();
    parallel.dispose();
  }
  const dir = mkdtempSync(join(tmpdir(), 'par-hook-'));
  const poison: EngineHooks = {
    onBatchEnd: (ctx, engine) => {
      if (ctx.mode !== 'train' || ctx.epoch !== 0 || ctx.batchIndex !== 1) return;
      const kernel = engine.parts.model.namedVariables().get('image.projection.kernel') as tf.Variable;
      tf.tidy(() => kernel.assign(tf.fill(kernel.shape, NaN)));
    },
  };
  await assert.rejects(train(dir, 2, null, 2, [poison]), (err: Error) => {
    assert.ok(err instanceof TrainingDivergedError);
    assert.match(err.message, /epoch 1 of 2, batch 3 of 6: the loss is NaN/);
    return true;
  });
});

test('a batch is split into contiguous shares of about equal work, the first never empty', () => {
  assert.deepEqual(balancedShares([1, 1, 1, 1], 2), [[0, 2], [2, 4]]);
  assert.deepEqual(balancedShares([10, 1, 1, 1], 2), [[0, 1], [1, 4]]);
  assert.deepEqual(balancedShares([1, 1, 1, 10], 2), [[0, 3], [3, 4]]);
  assert.deepEqual(balancedShares([5], 3), [[0, 1], [1, 1], [1, 1]]);
  assert.deepEqual(balancedShares([0, 0], 2), [[0, 1], [1, 2]]);
  // Rows with longer recipes cost more: the row with three sentences outweighs two with one.
  const batch = makeSyntheticBatch(trainItems, Array.from({ length: 30 }, (_, i) => i));
  const costs = rowCosts(batch, NETWORK, FEATURE_DIM);
  const longer = Array.from(batch.instructionLengths).indexOf(3);
  const shorter = Array.from(batch.instructionLengths).indexOf(1);
  assert.ok(batch.ingredientLengths[longer] !== batch.ingredientLengths[shorter] || costs[longer] > costs[shorter]);
  const [[a0, a1], [b0, b1]] = balancedShares(costs, 2);
  const sum = (from: number, to: number) => costs.slice(from, to).reduce((x, y) => x + y, 0);
  assert.equal(a0, 0);
  assert.equal(a1, b0);
  assert.equal(b1, 30);
  assert.ok(Math.abs(sum(a0, a1) - sum(b0, b1)) <= Math.max(...costs), 'the halves differ by at most one row');
  assert.ok(a1 > 0 && a1 < 30);
});
