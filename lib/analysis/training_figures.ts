/**
 * Figures of logged training series across experiments: one line per
 * experiment, smoothed per batch where the raw series is noisy.
 */
import type { Series } from '../experiment/logger.js';
import { lineFigure, type Line } from '../viz/charts.js';
import { seedBandTraces } from '../viz/bands.js';
import { configurationStyle } from '../viz/palette.js';
import type { Figure } from '../viz/figure.js';
import { movingAverage, semanticToInstanceRatio, termTrace, type WeightedReduction } from './active_triplets.js';
import type { StrategyLoss } from './strategy_losses.js';

/** An experiment's logs under a display name. */
export interface Run {
  name: string;
  series: Series;
  /** Where the series came from (errors name it). */
  source: string;
}

const batchAxis = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The fraction of active triplets of one term per batch, one line per run that logged the term. */
export function activeFractionFigure(runs: readonly Run[], term: string, smooth: number): Figure {
  const lines: Line[] = runs
    .filter((r) => `train_batch.term.${term}.loss` in r.series)
    .map((r) => {
      const y = movingAverage(termTrace(r.series, term, r.source).activeFraction, smooth);
      return { name: r.name, x: batchAxis(y.length), y };
    });
  const fig = lineFigure(`Active ${term} triplets (moving average over ${smooth} batches)`, lines, { x: 'batch', y: 'fraction of triplets with a non-zero cost' });
  (fig.layout!.yaxis as Record<string, unknown>).range = [0, 1];
  return fig;
}

/** The global gradient norm before clipping per batch, one line per run (log scale). */
export function gradNormFigure(runs: readonly Run[], smooth: number): Figure {
  const lines = runs.map((r) => {
    const raw = r.series['train_batch.grad_norm'];
    if (!raw) throw new Error(`${r.source}: no series 'train_batch.grad_norm'`);
    const y = movingAverage(raw, smooth);
    return { name: r.name, x: batchAxis(y.length), y };
  });
  return lineFigure(`Gradient norm before clipping (moving average over ${smooth} batches)`, lines, { x: 'batch', y: 'global L2 norm', logY: true });
}

/** Per-triplet weight of the semantic terms relative to the instance terms, one line per run. */
export function weightRatioFigure(
  runs: readonly { run: Run; reduction: WeightedReduction; weights: { instance: number; semantic: number } }[],
  smooth: number,
): Figure {
  const lines = runs.map(({ run, reduction, weights }) => {
    const y = movingAverage(semanticToInstanceRatio(run.series, weights, reduction, run.source), smooth);
    return { name: `${run.name} (${reduction})`, x: batchAxis(y.length), y };
  });
  return lineFigure(
    'Weight of one active semantic triplet relative to one active instance triplet',
    lines,
    { x: 'batch', y: 'semantic / instance per-triplet weight', logY: true },
  );
}

/** Validation R@1 (image→recipe, mean over bags) per evaluated epoch, one line per run. */
export function recallCurveFigure(runs: readonly Run[], direction: 'im2recipe' | 'recipe2im' = 'im2recipe'): Figure {
  const lines = runs.map((r) => ({
    name: r.name,
    x: (r.series['eval_epoch.epoch'] ?? []).map((e) => e + 1),
    y: r.series[`eval_epoch.metric.recall_at_1_${direction}_mean`] ?? [],
  }));
  const missing = lines.filter((l) => l.y.length === 0).map((l) => l.name);
  if (missing.length > 0) throw new Error(`recallCurveFigure: no eval_epoch.metric.recall_at_1_${direction}_mean in ${missing.join(', ')}`);
  return lineFigure(`Validation R@1 ${direction} (1k-style bags, mean)`, lines, { x: 'epoch', y: 'R@1' });
}

/** Mean over batches of each strategy's loss and of each term's active fraction, as grouped bars. */
export function strategyLossFigure(results: readonly StrategyLoss[]): Figure {
  const strategies = [...new Set(results.map((r) => r.strategy))];
  const terms = [...new Set(results.flatMap((r) => r.terms.map((t) => t.name)))];
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  const of = (s: string) => results.filter((r) => r.strategy === s);
  const lossTrace = { type: 'bar', name: 'total loss', x: strategies, y: strategies.map((s) => mean(of(s).map((r) => r.total))), yaxis: 'y' };
  const activeTraces = terms.map((t) => ({
    type: 'bar',
    name: `active ${t}`,
    x: strategies,
    y: strategies.map((s) => mean(of(s).flatMap((r) => r.terms.filter((x) => x.name === t).map((x) => x.activeFraction)))),
    xaxis: 'x2',
    yaxis: 'y2',
  }));
  return {
    data: [lossTrace, ...activeTraces],
    layout: {
      title: { text: 'The same batches under each strategy: loss and active triplets' },
      grid: { rows: 1, columns: 2, pattern: 'independent' },
      yaxis: { title: { text: 'loss (mean over batches)' } },
      yaxis2: { title: { text: 'active fraction' }, range: [0, 1] },
      barmode: 'group',
      width: 1000,
    },
  };
}

/** One configuration's runs over seeds, under one display name (its colour comes from the palette). */
export interface SeedGroup {
  name: string;
  runs: readonly Run[];
}

/**
 * A logged series of each group, mean line and ± std band over its seeds:
 * per evaluated epoch (`eval_epoch.*` keys, x = epoch from 1) or per batch
 * (`train_batch.*`, x = batch from 1, moving average over `smooth`).
 */
export function seedCurveFigure(title: string, groups: readonly SeedGroup[], key: string, axes: { y: string; logY?: boolean; smooth?: number }): Figure {
  const perEpoch = key.startsWith('eval_epoch.') || key.startsWith('train_epoch.');
  const data = groups.flatMap((g) => {
    const seeds = g.runs.map((r) => {
      const raw = r.series[key];
      if (!raw) throw new Error(`${r.source}: no series '${key}'`);
      if (perEpoch) {
        const epochs = r.series[key.startsWith('eval_epoch.') ? 'eval_epoch.epoch' : 'train_epoch.epoch'] ?? [];
        return { x: epochs.map((e) => e + 1), y: raw };
      }
      const y = movingAverage(raw, axes.smooth ?? 1);
      return { x: batchAxis(y.length), y };
    });
    return seedBandTraces(`${g.name} (${g.runs.length} seeds)`, seeds, { style: configurationStyle(g.name) });
  });
  return {
    data,
    layout: {
      title: { text: title },
      xaxis: { title: { text: perEpoch ? 'epoch' : 'batch' } },
      yaxis: { title: { text: axes.y }, type: axes.logY ? 'log' : 'linear' },
      legend: { orientation: 'h', y: -0.2 },
    },
  };
}
