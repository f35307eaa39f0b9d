/**
 * What a run records about its backend: the backend line and one line per
 * preferred backend not used (logs.txt), a comment header of options.yaml
 * that `-o` still loads, the run.* notes of logs.json (one per run, cut with
 * the series on a resume, never among the numeric series), the evaluation's
 * logs, and REPORT.md's backend section.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { backendLines, describeDevice, initBackend, type BackendInfo } from '../../lib/backend/index.js';
import { demoReportMarkdown } from '../../lib/experiment/demo_report.js';
import { evaluateExperiment, trainExperiment } from '../../lib/experiment/experiment.js';
import { ExperimentLogger, readLogs, readSeries, truncateSeries } from '../../lib/experiment/logger.js';
import { loadOptions } from '../../lib/engine/options_schema.js';
import { preparedTinyStore } from '../data/fixtures.js';

let prepared = '';
let info: BackendInfo;

before(async () => {
  prepared = await preparedTinyStore();
  info = await initBackend();
});

function args(dir: string, extra: string[] = []): string[] {
  const widths = ['word_dim', 'ingredient_hidden', 'sentence_hidden', 'instruction_hidden', 'embedding_dim'].flatMap((k) => [`--model.network.${k}`, '8']);
  return [
    '-o', 'options/adamine.yaml', '--exp.dir', dir, '--dataset.dir', prepared, '--dataset.batch_size', '20', ...widths,
    '--model.metric.nb_bags', '2', '--model.metric.nb_matchs_per_bag', '30',
    '--engine.nb_epochs', '1', '--engine.max_batches_per_epoch', '2', '--engine.progress', 'false',
    ...extra,
  ];
}

test('a training run and its resume record the backend in logs.txt, options.yaml and logs.json; eval in its own logs', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'backend-record-')), 'exp');
  const shown: string[] = [];
  await trainExperiment(loadOptions(args(dir)), { echo: (l) => shown.push(l), handleSignals: false });

  const lines = backendLines(info);
  const txt = readFileSync(join(dir, 'logs.txt'), 'utf8');
  for (const line of lines) assert.ok(txt.includes(`${line}\n`), `logs.txt has '${line}'`);
  assert.ok(shown.includes(lines[0]), 'the backend line is shown');

  const text = readFileSync(join(dir, 'options.yaml'), 'utf8');
  const header = text.split('\n').filter((l) => l.startsWith('#'));
  assert.ok(header.some((l) => l.includes(`backend ${info.name}: ${describeDevice(info)}`)), `options.yaml header: ${header.join(' | ')}`);
  for (const f of info.failures) assert.ok(header.some((l) => l.includes(`${f.name}: ${f.reason}`)), `options.yaml names why ${f.name} was not used`);
  // The header is comments only: the file loads as the same options, and holds no option named after the backend note.
  const reloaded = loadOptions(['-o', join(dir, 'options.yaml')]);
  assert.deepEqual(reloaded.options.model, loadOptions(args(dir)).options.model);
  assert.deepEqual(Object.keys(parse(text) as object).sort(), Object.keys(reloaded.resolved.values).sort());

  const first = readLogs(join(dir, 'logs.json'));
  assert.deepEqual(first.notes['run.backend'], [info.name]);
  assert.deepEqual(first.notes['run.device'], [describeDevice(info)]);
  assert.deepEqual(first.notes['run.not_used'], [info.failures.map((f) => `${f.name}: ${f.reason}`).join('; ')]);
  assert.deepEqual(first.notes['run.start'], ['epoch 0, batch 0']);
  assert.ok(!Object.keys(readSeries(join(dir, 'logs.json'))).some((k) => k.startsWith('run.')), 'the numeric series hold no run.* notes');

  await trainExperiment(loadOptions(args(dir, ['--exp.resume', 'last', '--engine.nb_epochs', '2'])), { echo: () => {}, handleSignals: false });
  const second = readLogs(join(dir, 'logs.json'));
  assert.deepEqual(second.notes['run.backend'], [info.name, info.name], 'one entry per run');
  assert.deepEqual(second.notes['run.start'], ['epoch 0, batch 0', 'epoch 1, batch 0']);

  const evaluated = await evaluateExperiment(loadOptions(['-o', join(dir, 'options.yaml'), '--dataset.train_split', '--misc.logs_name', 'check']), { echo: () => {} });
  assert.deepEqual(readLogs(evaluated.logs.json).notes['run.backend'], [info.name]);
  assert.ok(readFileSync(evaluated.logs.txt, 'utf8').includes(`${lines[0]}\n`), 'the evaluation prints the backend line');
});

test('a resume from an earlier checkpoint cuts the run notes with the series', () => {
  const dir = mkdtempSync(join(tmpdir(), 'notes-'));
  const logger = new ExperimentLogger(dir, null, { echo: () => {} });
  logger.note('run.backend', 'wasm');
  logger.log('train_batch.loss', 1);
  const atCheckpoint = logger.lengths();
  logger.note('run.backend', 'node-gpu');
  logger.log('train_batch.loss', 0.5);
  writeFileSync(join(dir, 'logs.json'), logger.serialize());
  const read = readLogs(join(dir, 'logs.json'));
  assert.deepEqual(read, { series: { 'train_batch.loss': [1, 0.5] }, notes: { 'run.backend': ['wasm', 'node-gpu'] } });
  assert.deepEqual(truncateSeries(read.notes, atCheckpoint), { series: { 'run.backend': ['wasm'] }, dropped: 1 });
  assert.throws(() => logger.log('run.backend', 1), /'run\.backend' is a note, not a numeric series/);
  assert.throws(() => logger.note('train_batch.loss', 'x'), /'train_batch\.loss' is a numeric series, not a note/);
});

test("REPORT.md names the backend, its device and why each preferred backend was not used", () => {
  const backend: BackendInfo = {
    name: 'wasm', tfBackend: 'wasm', threads: 1, matMul: 'openblas', device: 'cpu (wasm SIMD, 1 thread)', gpu: false,
    failures: [{ name: 'node-gpu', reason: '@tensorflow/tfjs-node-gpu is not installed' }, { name: 'node', reason: '@tensorflow/tfjs-node is not installed' }],
  };
  const md = demoReportMarkdown({
    dataDir: 'd', preparedDir: 'd/p', expDir: 'results/demo', optionsFile: 'options/demo.yaml', backend,
    pairs: { train: 10, val: 2, test: 2 }, epochs: 3, checkpoint: 'ckpt_best_x', bestValR1: null,
    protocol: { nbBags: 1, perBag: 2, name: 'disjoint' }, metrics: {}, timings: [], machine: '2 cores', files: [],
  });
  assert.match(md, /## Backend\n\nwasm: cpu \(wasm SIMD, 1 thread\), matMul through OpenBLAS \(1 thread\)\. Not used: node-gpu \(@tensorflow\/tfjs-node-gpu is not installed\); node \(@tensorflow\/tfjs-node is not installed\)\./);
});
