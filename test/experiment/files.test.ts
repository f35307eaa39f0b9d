import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { durableFileOps, writeFileAtomic } from '../../lib/util/atomic_write.js';
import { compareExperiments, formatCompare } from '../../lib/experiment/compare.js';
import { checkExperimentDir, startExperimentDir } from '../../lib/experiment/experiment_dir.js';
import { encodeTensorFile, readTensorFile } from '../../lib/experiment/tensor_file.js';
import { experimentFigures, writeExperimentView } from '../../lib/experiment/view.js';
import { parseCompareArgs } from '../../lib/commands/compare.js';

test('atomic writes replace the whole file and leave no temporary file, even when the rename fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
  const file = join(dir, 'a.json');
  writeFileAtomic(file, 'old');
  writeFileAtomic(file, 'new content');
  assert.equal(readFileSync(file, 'utf8'), 'new content');
  const blocked = join(dir, 'blocked');
  mkdirSync(blocked);
  writeFileSync(join(blocked, 'keep'), 'x');
  assert.throws(() => writeFileAtomic(blocked, 'data'));
  assert.deepEqual(readdirSync(dir).sort(), ['a.json', 'blocked']);
  assert.equal(readFileSync(join(blocked, 'keep'), 'utf8'), 'x');
});

test('atomic writes are durable: the temporary file is flushed before its rename, the folder after it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'durable-'));
  const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
  const real = { openSync: fs.openSync, fsyncSync: fs.fsyncSync, renameSync: fs.renameSync };
  const opened = new Map<number, string>();
  const events: string[] = [];
  fs.openSync = ((path: string, ...rest: never[]) => {
    const fd = (real.openSync as (...a: unknown[]) => number)(path, ...rest);
    opened.set(fd, basename(String(path)));
    return fd;
  }) as typeof fs.openSync;
  fs.fsyncSync = (fd: number) => {
    events.push(`fsync ${opened.get(fd)}`);
    real.fsyncSync(fd);
  };
  fs.renameSync = (from, to) => {
    events.push(`rename ${basename(String(from))} -> ${basename(String(to))}`);
    real.renameSync(from, to);
  };
  syncBuiltinESMExports();
  try {
    writeFileAtomic(join(dir, 'f.json'), 'data');
  } finally {
    Object.assign(fs, real);
    syncBuiltinESMExports();
  }
  assert.equal(events.length, 3, events.join('; '));
  assert.match(events[0], /^fsync f\.json\.tmp-\d+-\d+$/);
  assert.match(events[1], /^rename f\.json\.tmp-\d+-\d+ -> f\.json$/);
  assert.equal(events[2], `fsync ${basename(dir)}`);
  assert.equal(readFileSync(join(dir, 'f.json'), 'utf8'), 'data');
});

test('tensor files round-trip names, shapes, dtypes and values; truncation is detected', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tens-'));
  const file = join(dir, 't.bin');
  const a = { name: 'w', dtype: 'float32' as const, shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.5]) };
  const b = { name: 'iter', dtype: 'int32' as const, shape: [], data: Int32Array.from([42]) };
  writeFileAtomic(file, encodeTensorFile({ token: 't1' }, [a, b]));
  const back = readTensorFile(file);
  assert.equal(back.meta.token, 't1');
  assert.deepEqual(back.arrays.map((x) => [x.name, x.dtype, x.shape, Array.from(x.data)]), [['w', 'float32', [2, 3], [1, 2, 3, 4, 5, -6.5]], ['iter', 'int32', [], [42]]]);
  const bytes = readFileSync(file);
  writeFileSync(file, bytes.subarray(0, bytes.length - 4));
  assert.throws(() => readTensorFile(file), /truncated/);
  writeFileSync(file, 'garbage!garbage');
  assert.throws(() => readTensorFile(file), /is not a checkpoint tensor file/);
});

test('a fresh run refuses a non-empty experiment folder unless told to overwrite; resume needs the checkpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exp-'));
  writeFileSync(join(dir, 'logs.json'), '{}');
  assert.throws(() => checkExperimentDir(dir, null, false), /not empty \(logs\.json\)\. It holds no checkpoint to continue from.*--exp\.overwrite true/);
  assert.throws(() => checkExperimentDir(dir, 'last', false), /no such checkpoint.*available: none/);
  checkExperimentDir(dir, null, true);
  assert.deepEqual(readdirSync(dir), ['logs.json'], 'checking writes nothing');
  startExperimentDir(durableFileOps, dir);
  assert.deepEqual(readdirSync(dir), []);
  startExperimentDir(durableFileOps, join(dir, 'new', 'nested'));
  assert.ok(existsSync(join(dir, 'new', 'nested')));
});

test('compare ranks folders per key and reports unreadable ones instead of crashing', () => {
  const root = mkdtempSync(join(tmpdir(), 'cmp-'));
  const mk = (name: string, logs: unknown) => {
    mkdirSync(join(root, name));
    if (logs !== undefined) writeFileSync(join(root, name, 'logs.json'), typeof logs === 'string' ? logs : JSON.stringify(logs));
    return join(root, name);
  };
  const a = mk('adamine', { 'eval_epoch.epoch': [0, 1, 2], 'eval_epoch.metric.recall_at_1_im2recipe_mean': [0.1, 0.4, 0.3], 'eval_epoch.metric.med_im2recipe_mean': [9, 3, 4] });
  const b = mk('avg', { 'eval_epoch.epoch': [0, 1], 'eval_epoch.metric.recall_at_1_im2recipe_mean': [0.2, 0.25], 'eval_epoch.metric.med_im2recipe_mean': [5, 2] });
  const empty = mk('empty', undefined);
  const broken = mk('broken', '{not json');
  const partial = mk('partial', { 'train_epoch.loss': [1] });
  const args = parseCompareArgs(['-d', a, b, empty, broken, partial, '-k', 'eval_epoch.metric.recall_at_1_im2recipe_mean', 'max', '-k', 'eval_epoch.metric.med_im2recipe_mean', 'min']);
  assert.notEqual(args, 'help');
  if (args === 'help') return;
  const [r1, medr] = compareExperiments(args.dirs, args.keys);
  assert.deepEqual(r1.rows.map((r) => [r.place, r.method, r.score, r.epoch]), [[1, 'adamine', 0.4, 1], [2, 'avg', 0.25, 1]]);
  assert.deepEqual(medr.rows.map((r) => [r.method, r.score, r.epoch]), [['avg', 2, 1], ['adamine', 3, 1]]);
  assert.deepEqual(r1.problems.map((p) => p.dir), [empty, broken, partial]);
  const text = formatCompare([r1, medr]);
  // The best R@1 is logged at epoch index 1: the second epoch, shown as epoch 2.
  assert.match(text, /1\s+adamine\s+0\.4000\s+2\n/);
  assert.match(text, /left out .*empty: no logs\.json/);
  assert.match(text, /left out .*partial: no series 'eval_epoch\.metric\.recall_at_1_im2recipe_mean'/);
  assert.throws(() => parseCompareArgs(['-d', a, '-k', 'x', 'best']), /needs a key and max or min/);
});

test('view.html is self-contained (inline plotly) and plots every logged curve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'view-'));
  const series = {
    'train_batch.loss': [1, 0.8],
    'train_batch.term.IRR.loss': [0.5, 0.4],
    'train_batch.term.IRR.active_fraction': [0.9, 0.7],
    'train_batch.grad_norm': [3, 2],
    'train_epoch.epoch': [0],
    'train_epoch.loss': [0.9],
    'eval_epoch.epoch': [0],
    'eval_epoch.loss': [0.7],
    'eval_epoch.metric.recall_at_1_im2recipe_mean': [0.3],
    'eval_epoch.metric.med_recipe2im_mean': [4],
  };
  const figs = experimentFigures(series);
  const ys = JSON.stringify(figs);
  for (const v of ['0.7', '0.3', '[0.9,0.7]', '[3,2]']) assert.ok(ys.includes(v), v);
  const file = writeExperimentView(dir, series, 'test');
  const html = readFileSync(file, 'utf8');
  assert.ok(html.length > 1_000_000, 'the plotly bundle is inlined');
  assert.ok(!/<script[^>]+src=/.test(html), 'no external script');
  for (let i = 0; i < figs.length; i++) assert.ok(html.includes(`Plotly.newPlot('fig${i}'`), `figure ${i}`);
});

test('the demo evaluates with the paper bag size when the split allows, and reports chance next to the results', async () => {
  const { demoProtocol } = await import('../../lib/experiment/demo.js');
  const { chanceLevel, demoReportMarkdown } = await import('../../lib/experiment/demo_report.js');
  assert.deepEqual(demoProtocol(12_000), { nbBags: 10, perBag: 1000, name: 'disjoint' });
  assert.deepEqual(demoProtocol(2195), { nbBags: 10, perBag: 1000, name: 'independent' });
  assert.deepEqual(demoProtocol(67), { nbBags: 10, perBag: 67, name: 'independent' });
  assert.deepEqual(chanceLevel(1000), { medR: 500.5, recall: { 1: 0.001, 5: 0.005, 10: 0.01 } });
  const metrics: Record<string, number> = {};
  for (const d of ['im2recipe', 'recipe2im']) {
    metrics[`med_${d}_mean`] = 12;
    metrics[`med_${d}_std`] = 1.5;
    for (const k of [1, 5, 10]) {
      metrics[`recall_at_${k}_${d}_mean`] = k / 20;
      metrics[`recall_at_${k}_${d}_std`] = 0.01;
    }
  }
  const md = demoReportMarkdown({
    dataDir: 'd', preparedDir: 'd/p', expDir: 'results/demo', optionsFile: 'options/demo.yaml',
    backend: { name: 'wasm', tfBackend: 'wasm', threads: 1, matMul: 'backend', device: 'cpu (wasm SIMD, 1 thread)', gpu: false, failures: [] },
    pairs: { train: 10, val: 2, test: 2 }, epochs: 3, checkpoint: 'ckpt_best_x (epoch 3)', bestValR1: 0.2,
    protocol: { nbBags: 10, perBag: 1000, name: 'independent' }, metrics, timings: [['train', 60], ['evaluate', 5]], machine: '2 cores', files: ['results/demo/view.html: curves'],
  });
  assert.match(md, /\| image→recipe \| 12\.0 ± 1\.5 \| 0\.050 ± 0\.010 \| 0\.250 ± 0\.010 \| 0\.500 ± 0\.010 \|/);
  assert.match(md, /\| chance \(bag of 1000\) \| 500\.5 \| 0\.001 \| 0\.005 \| 0\.010 \|/);
  assert.match(md, /10 independent bags of 1000/);
  assert.match(md, /\| total \| 65\.0 \|/);
  assert.match(md, /results\/demo\/view\.html/);
});
