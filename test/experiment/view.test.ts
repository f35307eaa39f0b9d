import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { run as compareRun } from '../../lib/commands/compare.js';
import { parseCompareArgs } from '../../lib/commands/compare.js';
import { readEngineState } from '../../lib/experiment/checkpoint.js';
import { MAX_BATCH_POINTS, batchAxis, bestFromSeries, experimentFigures, recordedBest, writeExperimentView } from '../../lib/experiment/view.js';
import { readSeries } from '../../lib/experiment/logger.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../lib/viz/png_renderer.js';
import { configurationColour } from '../../lib/viz/palette.js';
import { emaSmooth } from '../../lib/viz/smoothing.js';
import { makeEngine } from '../engine/tiny_engine.js';
import { buildOptimizer } from '../../lib/engine/optimizer.js';

type Trace = Record<string, any>;

/** Two epochs of 3 batches, evaluated after each, with bag stds and the update size. */
const series = {
  'train_batch.epoch': [0, 0, 0, 1, 1, 1],
  'train_batch.batch': [0, 1, 2, 0, 1, 2],
  'train_batch.loss': [1, 0.9, 0.8, 0.7, 0.6, 0.5],
  'train_batch.term.IRR.loss': [0.5, 0.4, 0.4, 0.3, 0.3, 0.2],
  'train_batch.term.IRR.active_fraction': [0.9, 0.7, 0.6, 0.5, 0.4, 0.3],
  'train_batch.grad_norm': [3, 2, 2, 1, 1, 1],
  'train_batch.update_norm': [0.1, 0.1, 0.09, 0.08, 0.07, 0.07],
  'train_batch.update_ratio': [1e-3, 1e-3, 9e-4, 8e-4, 7e-4, 7e-4],
  'train_epoch.epoch': [0, 1],
  'train_epoch.loss': [0.9, 0.6],
  'train_epoch.lr': [1e-3, 1e-3],
  'train_epoch.pairs_per_s': [700, 720],
  'train_epoch.time': [5, 4],
  'eval_epoch.epoch': [0, 1],
  'eval_epoch.loss': [0.7, 0.65],
  'eval_epoch.pairs_per_s': [2000, 2100],
  'eval_epoch.metric.recall_at_1_im2recipe_mean': [0.3, 0.4],
  'eval_epoch.metric.recall_at_1_im2recipe_std': [0.02, 0.03],
  'eval_epoch.metric.med_im2recipe_mean': [5, 4],
  'eval_epoch.metric.med_im2recipe_std': [0.5, 0.5],
};

const byTitle = (figs: ReturnType<typeof experimentFigures>, part: string) => {
  const f = figs.find((g) => JSON.stringify((g.layout as Trace).title).includes(part));
  assert.ok(f, `a figure titled '${part}'`);
  return f.data as Trace[];
};

test('view.html figures: epochs from 1 on every axis, bag bands, update size, learning rate and throughput, a star per saving criterion', () => {
  const best = bestFromSeries(series, ['eval_epoch.metric.recall_at_1_im2recipe_mean:max', 'eval_epoch.metric.med_im2recipe_mean:min', 'train_epoch.time:min']);
  assert.deepEqual(best['eval_epoch.metric.recall_at_1_im2recipe_mean'], { value: 0.4, epoch: 1 });
  const figs = experimentFigures(series, best);

  const batch = byTitle(figs, 'Training loss per batch');
  assert.deepEqual(batch[0].x, [0, 0, 0, 1, 1, 1].map((e, i) => e + ((i % 3) + 1) / 3), 'batches inside their 1-based epoch: 1/3, 2/3, 1, 4/3, 5/3, 2');
  assert.ok(batch.every((t) => t.meta === 'smooth' && typeof t.line.color === 'string'), 'per-batch lines take the smoothing slider');
  assert.deepEqual(byTitle(figs, 'Loss per epoch')[0].x, [1, 2]);

  const recall = byTitle(figs, 'Recall@K');
  const band = recall.find((t) => t.fill === 'toself' && t.legendgroup === 'R@1 im2recipe') as Trace;
  assert.deepEqual(band.x, [1, 2, 2, 1]);
  assert.deepEqual(band.y.map((v: number) => +v.toFixed(6)), [0.32, 0.43, 0.37, 0.28], 'mean ± std, around the polygon');
  const star = recall.find((t) => t.marker?.symbol === 'star') as Trace;
  assert.deepEqual([star.x, star.y, star.name], [[2], [0.4], 'best recall_at_1_im2recipe: epoch 2']);
  assert.equal(byTitle(figs, 'Median rank').find((t) => t.marker?.symbol === 'star')?.y[0], 4);

  const update = byTitle(figs, 'parameter update');
  assert.deepEqual(update.map((t) => [t.name, t.y[0], t.yaxis]), [['||Δθ||', 0.1, undefined], ['||Δθ|| / ||θ||', 1e-3, 'y2']]);
  const rate = byTitle(figs, 'Learning rate and throughput');
  assert.deepEqual(rate.map((t) => [t.name, t.x, t.y]), [['learning rate', [1, 2], [1e-3, 1e-3]], ['train pairs/s', [1, 2], [700, 720]], ['eval pairs/s', [1, 2], [2000, 2100]]]);
  // A criterion on a key no figure draws gets a figure of its own, with its star.
  const own = byTitle(figs, 'Saving criterion train_epoch.time');
  assert.deepEqual(own.map((t) => t.y), [[5, 4], [4]]);
});

test('long runs draw per-batch curves as means of consecutive batches, and the batch axis survives more batches than a call takes arguments', () => {
  const n = 3 * MAX_BATCH_POINTS;
  const long = {
    'train_batch.epoch': Array.from({ length: n }, (_, i) => Math.floor(i / 300_000)),
    'train_batch.batch': Array.from({ length: n }, (_, i) => i % 300_000),
    'train_batch.loss': Array.from({ length: n }, (_, i) => i % 3),
  };
  const big = { 'train_batch.epoch': new Array(200_000).fill(0), 'train_batch.batch': Array.from({ length: 200_000 }, (_, i) => i), 'train_batch.loss': new Array(200_000).fill(1) };
  assert.equal(batchAxis(big).x[199_999], 1);
  const fig = byTitle(experimentFigures(long), 'Training loss per batch (means of 3 batches)');
  assert.equal(fig[0].y.length, MAX_BATCH_POINTS);
  assert.ok(fig[0].y.every((v: number) => v === 1));
});

let browser: Browser | undefined;
after(async () => browser?.close());

test('view.html of a trained folder: offline, stars where ckpt_last says, and the smoothing slider redraws the per-batch curves with the EMA', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'view-run-'));
  const o = { optimizer: () => buildOptimizer({ name: 'sgd', lr: 0.05, momentum: 0.9, nesterov: false }), lr: 0.05 };
  const engine = await makeEngine(dir, 2, null, o);
  await engine.train();
  const best = recordedBest(dir);
  assert.deepEqual(best, readEngineState(dir, 'last').best);
  assert.ok(Object.keys(best).length === 2);
  const file = writeExperimentView(dir, readSeries(join(dir, 'logs.json')), 'test run');
  const html = readFileSync(file, 'utf8');
  assert.ok(!/<script[^>]+src=/.test(html), 'no external script');
  assert.match(html, /<input type="range" id="smoothing"/);

  browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => (document.getElementById('fig0') as any)?.data?.length > 0);
  const read = () =>
    page.evaluate(() => {
      const d = (document.getElementById('fig0') as any).data as Trace[];
      return { raw: d.filter((t) => t.meta === 'raw').map((t) => Array.from(t.y as number[])), smooth: d.filter((t) => t.meta === 'smooth').map((t) => Array.from(t.y as number[])) };
    });
  const raw = engine.parts.logger.get('train_batch.loss') as number[];
  const initial = await read();
  assert.equal(initial.raw.length, initial.smooth.length, 'one faint raw copy per smoothed curve');
  assert.deepEqual(initial.raw[0], raw);
  for (const w of [0, 0.9]) {
    await page.evaluate((v) => {
      const s = document.getElementById('smoothing') as HTMLInputElement;
      s.value = String(v);
      s.dispatchEvent(new Event('input'));
    }, w);
    const now = await read();
    // The page's Math.pow is Chromium's, not Node's: equal to the last bits or so.
    const expected = emaSmooth(raw, w);
    assert.equal(now.smooth[0].length, expected.length);
    now.smooth[0].forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-12 * Math.abs(expected[i]), `weight ${w}, batch ${i}: ${v} vs ${expected[i]}`));
    assert.equal(await page.textContent('#smoothing-value'), w.toFixed(2));
  }
  initial.smooth[0].forEach((v, i) => assert.ok(Math.abs(v - emaSmooth(raw, 0.6)[i]) <= 1e-12 * Math.abs(v), 'the default weight'));
  assert.notDeepEqual(initial.smooth[0], raw, 'smoothed from the start');
  assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), [], 'nothing fetched from the network');
});

test('recipe1m compare --view overlays the runs in their configuration colours, with the table (epochs from 1) and bands', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cmp-view-'));
  const mk = (name: string, r1: number[]) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'logs.json'),
      JSON.stringify({
        'train_epoch.epoch': r1.map((_, i) => i),
        'train_epoch.loss': r1.map((v) => 1 - v),
        'eval_epoch.epoch': r1.map((_, i) => i),
        'eval_epoch.metric.recall_at_1_im2recipe_mean': r1,
        'eval_epoch.metric.recall_at_1_im2recipe_std': r1.map(() => 0.01),
        'eval_epoch.metric.med_im2recipe_mean': r1.map((v) => 10 - 10 * v),
      }),
    );
    return dir;
  };
  const adamine = mk('adamine', [0.1, 0.4, 0.3]);
  const avg = mk('avg/seed2', [0.2, 0.25]);
  const file = join(root, 'out', 'compare.html');
  const args = parseCompareArgs(['-d', adamine, avg, '--view', file]);
  assert.ok(args !== 'help' && args.view === file);
  assert.throws(() => parseCompareArgs(['-d', adamine, '--view']), /--view needs an output file/);
  const lines: string[] = [];
  const log = console.log;
  console.log = (l: string) => lines.push(l);
  try {
    assert.equal(await compareRun(['-d', adamine, avg, '--view', file]), 0);
  } finally {
    console.log = log;
  }
  assert.match(lines.join('\n'), /1\s+adamine\s+0\.4000\s+2\n2\s+avg\/seed2\s+0\.2500\s+2/);
  assert.match(lines.join('\n'), new RegExp(`wrote ${file}`));
  const html = readFileSync(file, 'utf8');
  assert.ok(!/<script[^>]+src=/.test(html), 'self-contained');
  assert.match(html, /<tr><td>1<\/td><td>adamine<\/td><td>0\.4000<\/td><td>2<\/td><\/tr>/);
  const calls = [...html.matchAll(/Plotly\.newPlot\('fig(\d+)', (\[.*?\]), \{/g)].map((m) => JSON.parse(m[2]) as Trace[]);
  const r1 = calls[0];
  const lineOf = (name: string) => r1.find((t) => t.name === name && !t.fill) as Trace;
  assert.equal(lineOf('adamine').line.color, configurationColour('adamine'));
  assert.equal(lineOf('avg/seed2').line.color, configurationColour('avg'));
  assert.notEqual(configurationColour('adamine'), configurationColour('avg'));
  assert.deepEqual(lineOf('adamine').x, [1, 2, 3]);
  assert.ok(r1.some((t) => t.fill === 'toself' && t.legendgroup === 'adamine'), 'a band of ± std over bags');
  assert.deepEqual(r1.filter((t) => t.marker?.symbol === 'star').map((t) => [t.name, t.x[0], t.y[0]]), [['adamine best', 2, 0.4], ['avg/seed2 best', 2, 0.25]]);
});
