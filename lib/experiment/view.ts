/**
 * The experiment's view.html: learning curves read from the logged series.
 * Per batch: the losses, the per-term active-triplet fractions, the
 * gradient norm and the size of the parameter update, with a smoothing
 * slider; per epoch: the losses, recalls and MedR per direction with a band
 * of ± std over the evaluation bags, the learning rate and the throughput;
 * a star on the epoch each saving criterion kept (ckpt_best_*).
 *
 * Epochs read from 1 on every axis (logs.json keeps them 0-based): the
 * evaluation after the seventh epoch sits at 7, and the batches of that
 * epoch between 6 and 7.
 */
import { DIRECTIONS, LOGGED_METRIC_PREFIX, loggedMetricKey, medianRankKey, RECALL_KS, recallKey } from '../metrics/index.js';
import { bandTraces } from '../viz/bands.js';
import type { Figure } from '../viz/figure.js';
import { writeHtmlPage } from '../viz/html.js';
import { SERIES_COLOURS } from '../viz/palette.js';
import { SMOOTHING_SCRIPT, smoothable, smoothingControl } from '../viz/smoothing.js';
import { checkpointTags, readEngineState, type EngineState } from './checkpoint.js';
import { epochOf } from './compare.js';
import { parseCriterion } from '../engine/engine_options.js';
import type { Series } from './logger.js';
import { join } from 'node:path';

type Trace = Record<string, unknown>;


/** Per-batch curves longer than this are drawn as means of consecutive batches (the logs keep every batch). */
export const MAX_BATCH_POINTS = 4000;

export const VIEW_INTRO =
  'Learning curves of this experiment, from logs.json. Epochs are counted from 1 (logs.json stores them 0-based): ' +
  'the evaluation after the 7th epoch is at 7, and that epoch\'s batches lie between 6 and 7. ' +
  'Bands: ± std over the evaluation bags. Stars: the epoch whose checkpoint each saving criterion kept (ckpt_best_*).';

const colour = (i: number): string => SERIES_COLOURS[i % SERIES_COLOURS.length];

function line(name: string, x: readonly number[], y: readonly number[], i: number, extra: Trace = {}): Trace {
  return { type: 'scatter', mode: y.length > 30 ? 'lines' : 'lines+markers', name, x: [...x], y: [...y], line: { color: colour(i) }, marker: { color: colour(i) }, ...extra };
}

function figure(title: string, xTitle: string, yTitle: string, traces: Trace[], layout: Record<string, unknown> = {}): Figure {
  return {
    data: traces,
    layout: { title: { text: title }, xaxis: { title: { text: xTitle } }, yaxis: { title: { text: yTitle } }, ...layout },
  };
}

/** Term names found in the series (`train_batch.term.<term>.loss`). */
function terms(series: Series): string[] {
  return Object.keys(series)
    .map((k) => /^train_batch\.term\.(.+)\.loss$/.exec(k)?.[1])
    .filter((t): t is string => t !== undefined);
}

/**
 * Where each logged training batch ends, in epochs counted from 1: batch b
 * (0-based) of epoch e (0-based) at e + (b + 1)/n, n the batches of a full
 * epoch (the largest batch index logged, plus one). Without the epoch and
 * batch series, the batches are numbered 1, 2, ...
 */
export function batchAxis(series: Series): { x: number[]; title: string } {
  const epochs = series['train_batch.epoch'] ?? [];
  const batches = series['train_batch.batch'] ?? [];
  const n = (series['train_batch.loss'] ?? []).length;
  if (epochs.length !== n || batches.length !== n || n === 0) return { x: Array.from({ length: n }, (_, i) => i + 1), title: 'batch' };
  // A loop, not Math.max(...batches): a long run logs more batches than a call takes arguments.
  const perEpoch = batches.reduce((a, b) => Math.max(a, b), 0) + 1;
  return { x: epochs.map((e, i) => e + (batches[i] + 1) / perEpoch), title: 'epoch' };
}

/** Means of `size` consecutive values (the last bin may be shorter); x is each bin's last x. */
function binned(x: readonly number[], y: readonly number[], size: number): { x: number[]; y: number[] } {
  if (size <= 1) return { x: [...x], y: [...y] };
  const out = { x: [] as number[], y: [] as number[] };
  for (let i = 0; i < y.length; i += size) {
    const part = y.slice(i, i + size);
    out.x.push(x[Math.min(i + size, y.length) - 1]);
    out.y.push(part.reduce((a, b) => a + b, 0) / part.length);
  }
  return out;
}

/** 1-based epochs of a per-epoch series (its group's epoch series, as compare reads them). */
function epochsOf(series: Series, key: string): number[] {
  return (series[key] ?? []).map((_, i) => epochOf(series, key, i) + 1);
}

/** A short name for a logged key in legends: `eval_epoch.metric.recall_at_1_im2recipe_mean` → `recall_at_1_im2recipe`. */
function shortKey(key: string): string {
  return (key.startsWith(LOGGED_METRIC_PREFIX) ? key.slice(LOGGED_METRIC_PREFIX.length) : key).replace(/_mean$/, '');
}

/** The best value and epoch (0-based) of each saving criterion, as the run's ckpt_last recorded them. */
export type BestEpochs = EngineState['best'];

/** The best epochs ckpt_last of `dir` recorded; none when the folder has no ckpt_last. */
export function recordedBest(dir: string): BestEpochs {
  return checkpointTags(dir).includes('last') ? readEngineState(dir, 'last').best : {};
}

/** The best of each criterion from the series, the way the engine picks it (the first strictly better value). */
export function bestFromSeries(series: Series, criteria: readonly string[]): BestEpochs {
  const out: BestEpochs = {};
  for (const entry of criteria) {
    const { key, mode } = parseCriterion(entry);
    (series[key] ?? []).forEach((value, i) => {
      if (!Number.isFinite(value)) return;
      const best = out[key];
      if (!best || (mode === 'max' ? value > best.value : value < best.value)) out[key] = { value, epoch: epochOf(series, key, i) };
    });
  }
  return out;
}

/**
 * The figures of view.html. `best`: the epoch each saving criterion kept
 * (0-based, as ckpt_last records it), drawn as a star on the figure that
 * shows the key, or on a figure of its own.
 */
export function experimentFigures(series: Series, best: BestEpochs = {}): Figure[] {
  const s = (k: string): number[] => series[k] ?? [];
  const figs: Figure[] = [];
  /** Which figure (and y axis) draws each logged key, and in which colour: where the stars go. */
  const drawn = new Map<string, { fig: number; yaxis: string; colour: string }>();
  const termNames = terms(series);
  const axis = batchAxis(series);
  const bin = Math.ceil(axis.x.length / MAX_BATCH_POINTS);
  const binNote = bin > 1 ? ` (means of ${bin} batches)` : '';
  const perBatch = (name: string, key: string, i: number, extra: Trace = {}): Trace => {
    const b = binned(axis.x, s(key), bin);
    return smoothable(line(name, b.x, b.y, i, { mode: 'lines', ...extra }));
  };

  figs.push(
    figure(`Training loss per batch${binNote}`, axis.title, 'loss', [
      perBatch('total', 'train_batch.loss', 0),
      ...termNames.map((t, i) => perBatch(t, `train_batch.term.${t}.loss`, i + 1)),
    ]),
  );
  const perEpochLine = (name: string, key: string, i: number): Trace => {
    drawn.set(key, { fig: figs.length, yaxis: 'y', colour: colour(i) });
    return line(name, epochsOf(series, key), s(key), i);
  };
  figs.push(figure('Loss per epoch', 'epoch', 'loss', [perEpochLine('train', 'train_epoch.loss', 0), perEpochLine('eval', 'eval_epoch.loss', 1)]));
  if (termNames.length > 0) {
    figs.push(
      figure(
        `Active triplets (fraction of non-zero costs) per batch${binNote}`,
        axis.title,
        'active fraction',
        termNames.map((t, i) => perBatch(t, `train_batch.term.${t}.active_fraction`, i + 1)),
        { yaxis: { title: { text: 'active fraction' }, range: [0, 1] } },
      ),
    );
  }
  figs.push(
    figure(`Gradient norm before clipping${binNote}`, axis.title, 'global L2 norm', [perBatch('grad norm', 'train_batch.grad_norm', 0)], {
      yaxis: { title: { text: 'global L2 norm' }, type: 'log' },
    }),
  );
  if (series['train_batch.update_norm']) {
    figs.push(
      figure(
        `Size of the parameter update applied per batch${binNote}`,
        axis.title,
        '||Δθ||',
        [perBatch('||Δθ||', 'train_batch.update_norm', 0), perBatch('||Δθ|| / ||θ||', 'train_batch.update_ratio', 1, { yaxis: 'y2' })],
        {
          yaxis: { title: { text: '||Δθ|| (global L2 norm)' }, type: 'log' },
          yaxis2: { title: { text: '||Δθ|| / ||θ||' }, type: 'log', overlaying: 'y', side: 'right' },
          legend: { x: 1.12 },
        },
      ),
    );
  }
  const withBand = (name: string, key: string, i: number): Trace[] => {
    const x = epochsOf(series, key);
    const mean = s(key);
    const stdKey = key.replace(/_mean$/, '_std');
    drawn.set(key, { fig: figs.length, yaxis: 'y', colour: colour(i) });
    if (stdKey === key || !series[stdKey] || series[stdKey].length !== mean.length) return [line(name, x, mean, i)];
    return bandTraces(x, mean, series[stdKey], { name, style: { colour: colour(i), dash: 'solid' } });
  };
  figs.push(
    figure(
      'Recall@K on the evaluation split (mean ± std over bags)',
      'epoch',
      'recall',
      DIRECTIONS.flatMap((d, di) => RECALL_KS.map((k, ki) => withBand(`R@${k} ${d}`, loggedMetricKey(recallKey(k, d)), di * RECALL_KS.length + ki))).flat(),
      { yaxis: { title: { text: 'recall' }, range: [0, 1] } },
    ),
  );
  figs.push(
    figure(
      'Median rank on the evaluation split (1 is best; mean ± std over bags)',
      'epoch',
      'MedR',
      DIRECTIONS.flatMap((d, i) => withBand(`MedR ${d}`, loggedMetricKey(medianRankKey(d)), i)),
    ),
  );
  figs.push(
    figure(
      'Learning rate and throughput',
      'epoch',
      'learning rate',
      [
        line('learning rate', epochsOf(series, 'train_epoch.lr'), s('train_epoch.lr'), 0),
        line('train pairs/s', epochsOf(series, 'train_epoch.pairs_per_s'), s('train_epoch.pairs_per_s'), 1, { yaxis: 'y2' }),
        line('eval pairs/s', epochsOf(series, 'eval_epoch.pairs_per_s'), s('eval_epoch.pairs_per_s'), 2, { yaxis: 'y2' }),
      ],
      {
        yaxis: { title: { text: 'learning rate' }, type: 'log', exponentformat: 'power' },
        yaxis2: { title: { text: 'pairs per second' }, overlaying: 'y', side: 'right', rangemode: 'tozero' },
        legend: { x: 1.12 },
      },
    ),
  );
  for (const [key, b] of Object.entries(best)) {
    let where = drawn.get(key);
    if (!where) {
      where = { fig: figs.length, yaxis: 'y', colour: colour(0) };
      figs.push(figure(`Saving criterion ${key}`, 'epoch', shortKey(key), [line(shortKey(key), epochsOf(series, key), s(key), 0)]));
    }
    figs[where.fig].data.push({
      type: 'scatter',
      mode: 'markers',
      name: `best ${shortKey(key)}: epoch ${b.epoch + 1}`,
      x: [b.epoch + 1],
      y: [b.value],
      yaxis: where.yaxis,
      marker: { symbol: 'star', size: 15, color: where.colour, line: { color: '#000000', width: 1 } },
      hovertemplate: `ckpt_best_${key}<br>epoch %{x}: %{y}<extra></extra>`,
    });
  }
  return figs;
}

/** Writes `<dir>/view.html`, with the best epochs ckpt_last recorded. */
export function writeExperimentView(dir: string, series: Series, title: string): string {
  const file = join(dir, 'view.html');
  writeHtmlPage(file, title, experimentFigures(series, recordedBest(dir)), VIEW_INTRO, { before: smoothingControl(), scripts: [SMOOTHING_SCRIPT] });
  return file;
}
