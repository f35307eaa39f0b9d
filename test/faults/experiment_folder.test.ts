/**
 * Fault injection on experiment folders. A crash (kill -9) is simulated by
 * a FileOps that performs the first k file operations of a run and then
 * refuses every later one, so nothing the dying process would not have
 * written reaches the folder; k runs over every write boundary of an
 * epoch's end. The folder is then resumed and compared with the folder of
 * an uninterrupted run. Also: runs that stop early (a diverged loss, a bad
 * resume, a run refused before its first step) leave the folder as it was.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { checkpointTags, readEngineState } from '../../lib/experiment/checkpoint.js';
import { committedPath } from '../../lib/experiment/commit.js';
import { TrainingDivergedError, type EngineHooks } from '../../lib/engine/engine.js';
import { trainExperiment } from '../../lib/experiment/experiment.js';
import { readLogs, readSeries } from '../../lib/experiment/logger.js';
import { loadOptions } from '../../lib/engine/options_schema.js';
import { readTensorFile } from '../../lib/experiment/tensor_file.js';
import { durableFileOps, type FileOps } from '../../lib/util/atomic_write.js';
import { preparedTinyStore } from '../data/fixtures.js';

/** Series that hold wall-clock timings: equal lengths, values free. Everything else must be equal. */
const TIMING_SERIES = ['train_batch.time', 'train_epoch.time', 'train_epoch.pairs_per_s', 'eval_epoch.time', 'eval_epoch.pairs_per_s'];
/** Engine-state fields that identify one save (and its moment), not the training: `partial.seconds` is a timing too. */
const SAVE_IDENTITY = ['token', 'savedAt', 'commit'];
/** Optimizer arrays are named after tfjs variables, whose names carry a per-process model counter (adamine_0/, adamine_1/, ...). */
const VARIABLE_COUNTER = /^(\d+:)adamine_\d+\//;
/** Files compared by what they derive from, not byte for byte: the transcript, and the curves drawn from logs.json. */
const NOT_COMPARED = ['logs.txt', 'view.html'];

const EPOCHS = 3;
let prepared = '';
let root = '';

before(async () => {
  prepared = await preparedTinyStore();
  root = mkdtempSync(join(tmpdir(), 'faults-exp-'));
});

function args(dir: string, extra: string[] = []): string[] {
  const widths = ['word_dim', 'ingredient_hidden', 'sentence_hidden', 'instruction_hidden', 'embedding_dim'].flatMap((k) => [`--model.network.${k}`, '8']);
  return [
    '-o', 'options/adamine.yaml', '--exp.dir', dir, '--dataset.dir', prepared, '--dataset.batch_size', '20', ...widths,
    '--model.metric.nb_bags', '2', '--model.metric.nb_matchs_per_bag', '30', '--optimizer.lr', '3e-3',
    // train_epoch.epoch:max improves every epoch, so every epoch's save writes a ckpt_best_* set too.
    '--engine.saving_criteria', '[eval_epoch.metric.med_im2recipe_mean:min, train_epoch.epoch:max]',
    '--engine.nb_epochs', String(EPOCHS), '--engine.max_batches_per_epoch', '2', '--engine.progress', 'false',
    ...extra,
  ];
}

const quiet = { echo: () => {}, handleSignals: false };

class SimulatedCrash extends Error {}

/** Performs operations 0..at-1, then dies: operation `at` and every later one throw. `log` names each operation performed or refused. */
function crashingOps(at: number): FileOps & { log: string[] } {
  let n = 0;
  let dead = false;
  const log: string[] = [];
  const step = (what: string, f: () => void): void => {
    log.push(what);
    if (dead || n++ === at) {
      dead = true;
      throw new SimulatedCrash(`simulated crash at file operation ${at}`);
    }
    f();
  };
  return {
    log,
    write: (p, d) => step(`write ${basename(p)}`, () => durableFileOps.write(p, d)),
    rename: (a, b) => step(`rename ${basename(a)} -> ${basename(b)}`, () => durableFileOps.rename(a, b)),
    remove: (p) => step(`remove ${basename(p)}`, () => durableFileOps.remove(p)),
    append: (p, t) => step(`append ${basename(p)}`, () => durableFileOps.append(p, t)),
    mkdir: (p) => step(`mkdir ${basename(p)}`, () => durableFileOps.mkdir(p)),
  };
}

interface Snapshot {
  files: string[];
  logs: Record<string, number[]>;
  timingLengths: Record<string, number>;
  options: string;
  engines: Record<string, unknown>;
  tensors: Record<string, [string, number[], number[]][]>;
}

function snapshot(dir: string): Snapshot {
  const files = readdirSync(dir).filter((f) => !NOT_COMPARED.includes(f)).sort();
  const all = readSeries(join(dir, 'logs.json'));
  const logs = Object.fromEntries(Object.entries(all).filter(([k]) => !TIMING_SERIES.includes(k)));
  const timingLengths = Object.fromEntries(TIMING_SERIES.map((k) => [k, all[k]?.length ?? 0]));
  const engines: Record<string, unknown> = {};
  const tensors: Snapshot['tensors'] = {};
  for (const f of files) {
    if (f.endsWith('_engine.json')) {
      const state = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
      for (const k of SAVE_IDENTITY) delete state[k];
      if (state.partial) delete (state.partial as Record<string, unknown>).seconds;
      // The run.* notes count the runs, one more after each crash and resume.
      const lengths = state.logLengths as Record<string, number> | undefined;
      if (lengths) state.logLengths = Object.fromEntries(Object.entries(lengths).filter(([k]) => !k.startsWith('run.')));
      engines[f] = state;
    } else if (f.endsWith('.bin')) {
      tensors[f] = readTensorFile(join(dir, f)).arrays.map((a) => [a.name.replace(VARIABLE_COUNTER, '$1adamine/'), a.shape, Array.from(a.data)]);
    }
  }
  return { files, logs, timingLengths, options: readFileSync(join(dir, 'options.yaml'), 'utf8'), engines, tensors };
}

/** What a folder holds as bytes (for "left as it was"). */
function bytes(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
}

/** Where the k-th operation's kind and target are, in a complete run's log. */
function saveWindows(log: readonly string[]): { first: number; last: number }[] {
  const windows: { first: number; last: number }[] = [];
  log.forEach((op, i) => {
    if (!/\.pending-|ckpt_last_engine\.json$/.test(op)) return;
    const w = windows[windows.length - 1];
    if (w && w.last === i - 1) w.last = i;
    else windows.push({ first: i, last: i });
  });
  return windows;
}

let reference: { dir: string; log: string[]; snap: Snapshot } | null = null;

/** The uninterrupted run, trained once and kept under <root>/reference. */
async function uninterrupted(): Promise<NonNullable<typeof reference>> {
  if (reference) return reference;
  const dir = join(root, 'exp');
  const ops = crashingOps(Number.POSITIVE_INFINITY);
  const result = await trainExperiment(loadOptions(args(dir)), { ...quiet, files: ops });
  assert.equal(result.outcome, 'finished');
  const kept = join(root, 'reference');
  renameSync(dir, kept);
  reference = { dir: kept, log: ops.log, snap: snapshot(kept) };
  return reference;
}

test('kill -9 at every write boundary of an epoch end: the resumed folder equals the uninterrupted one', async () => {
  const ref = await uninterrupted();
  const windows = saveWindows(ref.log);
  assert.equal(windows.length, EPOCHS, `one save per epoch: ${JSON.stringify(windows)}`);
  // The end of epoch 1 (a ckpt_last to fall back to exists), each boundary: before each operation of its save, and after the last.
  const { first, last } = windows[1];
  const saveOps = ref.log.slice(first, last + 1);
  assert.ok(saveOps.some((op) => op.includes('ckpt_best_train_epoch.epoch_model.bin')), `a best checkpoint is part of the save: ${saveOps.join('; ')}`);
  assert.ok(saveOps.some((op) => op.includes('logs.json')), 'logs.json is part of the save');
  const dir = join(root, 'exp');
  const outcomes: string[] = [];
  for (let at = first; at <= last + 1; at++) {
    rmSync(dir, { recursive: true, force: true });
    await assert.rejects(trainExperiment(loadOptions(args(dir)), { ...quiet, files: crashingOps(at) }), SimulatedCrash);
    // Right after the crash the folder reads as one save: logs and tensors are those ckpt_last recorded.
    const state = readEngineState(dir, 'last');
    const logs = readLogs(committedPath(dir, 'logs.json'));
    assert.deepEqual(Object.fromEntries(Object.entries({ ...logs.series, ...logs.notes }).map(([k, v]) => [k, v.length])), state.logLengths, `crash at ${at} (${ref.log[at]}): logs.json matches ckpt_last`);
    assert.equal(readTensorFile(committedPath(dir, 'ckpt_last_model.bin')).meta.token, state.token);
    const expectedEpoch = at > ref.log.findIndex((op, i) => i >= first && op === 'write ckpt_last_engine.json') ? 2 : 1;
    assert.equal(state.epoch, expectedEpoch, `crash at ${at} (${ref.log[at]})`);
    for (const tag of checkpointTags(dir)) assert.ok(readEngineState(dir, tag).epoch <= state.epoch, `ckpt_${tag} is not ahead of ckpt_last`);
    const resumed = await trainExperiment(loadOptions(args(dir, ['--exp.resume', 'last'])), quiet);
    assert.equal(resumed.outcome, 'finished');
    assert.deepEqual(snapshot(dir), ref.snap, `crash before operation ${at} (${ref.log[at] ?? 'end'}), then resume`);
    outcomes.push(`${at - first}: ${ref.log[at] ?? 'end'} -> epoch ${expectedEpoch}`);
  }
  assert.equal(outcomes.length, last - first + 2);
});

test('kill -9 during the first save: nothing or everything of epoch 0 is there, never a part', async () => {
  const ref = await uninterrupted();
  const { first, last } = saveWindows(ref.log)[0];
  const record = ref.log.findIndex((op, i) => i >= first && op === 'write ckpt_last_engine.json');
  const dir = join(root, 'exp');
  for (let at = first; at <= last + 1; at++) {
    rmSync(dir, { recursive: true, force: true });
    await assert.rejects(trainExperiment(loadOptions(args(dir)), { ...quiet, files: crashingOps(at) }), SimulatedCrash);
    if (at <= record) {
      assert.deepEqual(checkpointTags(dir), [], `crash at ${at}: no checkpoint`);
      assert.ok(!existsSync(join(dir, 'logs.json')), `crash at ${at}: no logs.json without its checkpoint`);
      await assert.rejects(trainExperiment(loadOptions(args(dir)), quiet), /holds no checkpoint to continue from.*--exp\.overwrite true/);
    } else {
      assert.equal(readEngineState(dir, 'last').epoch, 1);
      assert.equal((await trainExperiment(loadOptions(args(dir, ['--exp.resume', 'last'])), quiet)).outcome, 'finished');
      assert.deepEqual(snapshot(dir), ref.snap, `crash before operation ${at} (${ref.log[at]}), then resume`);
    }
  }
});

/** Makes the loss NaN from the batch after (epoch, batch). */
function poisonAfter(epoch: number, batch: number): EngineHooks {
  return {
    onBatchEnd: (ctx, engine) => {
      if (ctx.mode !== 'train' || ctx.epoch !== epoch || ctx.batchIndex !== batch) return;
      const kernel = engine.parts.model.namedVariables().get('image.projection.kernel') as tf.Variable;
      tf.tidy(() => kernel.assign(tf.fill(kernel.shape, NaN)));
    },
  };
}

test('a NaN stop leaves logs.json at ckpt_last, so the resumed run logs each batch once and equals an uninterrupted run', async () => {
  const ref = await uninterrupted();
  const dir = join(root, 'nan');
  await assert.rejects(trainExperiment(loadOptions(args(dir)), { ...quiet, hooks: [poisonAfter(1, 0)] }), (err: Error) => {
    assert.ok(err instanceof TrainingDivergedError);
    assert.match(err.message, /in epoch 2 of \d+, batch 2 of \d+: the loss is NaN.*nothing after ckpt_last \(after 1 epoch\) was saved/);
    return true;
  });
  const logs = readSeries(join(dir, 'logs.json'));
  assert.deepEqual(logs['train_batch.epoch'], [0, 0], 'the aborted epoch is not in logs.json');
  assert.equal((await trainExperiment(loadOptions(args(dir, ['--exp.resume', 'last'])), quiet)).outcome, 'finished');
  const after = readSeries(join(dir, 'logs.json'));
  const pairs = after['train_batch.epoch'].map((e, i) => `${e}:${after['train_batch.batch'][i]}`);
  assert.equal(new Set(pairs).size, pairs.length, `each (epoch, batch) once: ${pairs}`);
  assert.deepEqual(snapshot(dir).logs, { ...ref.snap.logs });
});

test('a resume that fails leaves options.yaml and every other file as they were', async () => {
  const dir = join(root, 'resume');
  await trainExperiment(loadOptions(args(dir, ['--engine.nb_epochs', '1'])), quiet);
  const was = bytes(dir);
  // Fails before training: an epoch without a batch.
  await assert.rejects(trainExperiment(loadOptions(args(dir, ['--exp.resume', 'last', '--dataset.batch_size', '5000'])), quiet), /training epoch 2 has no batch: the train split has \d+ pairs and the batch size is 5000/);
  assert.deepEqual(bytes(dir), was);
  // Fails while training, before its first save: a diverged loss under a changed option.
  const changed = ['--exp.resume', 'last', '--optimizer.lr', '0.01'];
  await assert.rejects(trainExperiment(loadOptions(args(dir, changed)), { ...quiet, hooks: [poisonAfter(1, 0)] }), (err: Error) => {
    assert.match(err.message, /nothing after ckpt_last \(after 1 epoch\) was saved; the folder still holds that checkpoint/);
    return true;
  });
  const { 'logs.txt': _txt, ...rest } = bytes(dir);
  const { 'logs.txt': _before, ...restBefore } = was;
  assert.deepEqual(rest, restBefore, 'only the transcript grew');
  assert.match(readFileSync(join(dir, 'options.yaml'), 'utf8'), /lr: 0\.003/);
});

test('a fresh run that stops before any save says so and leaves no folder; one refused before its first step leaves the folder as found', async () => {
  const dir = join(root, 'first-epoch');
  await assert.rejects(trainExperiment(loadOptions(args(dir)), { ...quiet, hooks: [poisonAfter(0, 0)] }), (err: Error) => {
    assert.match(err.message, /no checkpoint was written yet: nothing of this run is kept/);
    assert.doesNotMatch(err.message, /ckpt_last.*intact/);
    return true;
  });
  assert.ok(!existsSync(dir), 'the folder did not exist and does not now');
  const empty = join(root, 'empty');
  mkdirSync(empty);
  await assert.rejects(trainExperiment(loadOptions(args(empty, ['--model.metric.nb_matchs_per_bag', '1000'])), quiet), /model\.metric .*needs nb_bags x nb_matchs_per_bag/);
  assert.deepEqual(readdirSync(empty), [], 'the empty folder stays empty');
  assert.ok(statSync(empty).isDirectory());
  assert.equal((await trainExperiment(loadOptions(args(empty, ['--engine.nb_epochs', '1'])), quiet)).outcome, 'finished', 'the next run is not refused');
});
