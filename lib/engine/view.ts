/**
 * The experiment's view.html: learning curves read from the logged series
 * (losses, per-term active-triplet fractions, gradient norm, recalls and
 * MedR per direction).
 */
import { join } from 'node:path';
import type { Figure } from '../viz/figure.js';
import { writeHtmlPage } from '../viz/html.js';
import type { Series } from './logger.js';

const DIRECTIONS = ['im2recipe', 'recipe2im'] as const;

function line(name: string, y: readonly number[], x?: readonly number[]): Record<string, unknown> {
  return { type: 'scatter', mode: y.length > 30 ? 'lines' : 'lines+markers', name, x: x ?? y.map((_, i) => i + 1), y };
}

function figure(title: string, xTitle: string, yTitle: string, traces: Record<string, unknown>[], extra: Record<string, unknown> = {}): Figure {
  return { data: traces, layout: { title: { text: title }, xaxis: { title: { text: xTitle } }, yaxis: { title: { text: yTitle }, ...extra } } };
}

/** Term names found in the series (`train_batch.<term>.loss`). */
function terms(series: Series): string[] {
  return Object.keys(series)
    .map((k) => /^train_batch\.term\.(.+)\.loss$/.exec(k)?.[1])
    .filter((t): t is string => t !== undefined);
}

export function experimentFigures(series: Series): Figure[] {
  const s = (k: string): number[] => series[k] ?? [];
  const figs: Figure[] = [];
  const termNames = terms(series);
  figs.push(
    figure('Training loss per batch', 'batch', 'loss', [
      line('total', s('train_batch.loss')),
      ...termNames.map((t) => line(t, s(`train_batch.term.${t}.loss`))),
    ]),
  );
  figs.push(
    figure('Loss per epoch', 'epoch', 'loss', [
      line('train', s('train_epoch.loss'), s('train_epoch.epoch')),
      line(`eval`, s('eval_epoch.loss'), s('eval_epoch.epoch')),
    ]),
  );
  if (termNames.length > 0) {
    figs.push(
      figure(
        'Active triplets (fraction of non-zero costs) per batch',
        'batch',
        'active fraction',
        termNames.map((t) => line(t, s(`train_batch.term.${t}.active_fraction`))),
        { range: [0, 1] },
      ),
    );
  }
  figs.push(figure('Gradient norm before clipping', 'batch', 'global L2 norm', [line('grad norm', s('train_batch.grad_norm'))]));
  const epochs = s('eval_epoch.epoch');
  figs.push(
    figure(
      'Recall@K on the evaluation split',
      'epoch',
      'recall',
      DIRECTIONS.flatMap((d) => [1, 5, 10].map((k) => line(`R@${k} ${d}`, s(`eval_epoch.metric.recall_at_${k}_${d}_mean`), epochs))),
      { range: [0, 1] },
    ),
  );
  figs.push(
    figure('Median rank on the evaluation split (1 is best)', 'epoch', 'MedR', DIRECTIONS.map((d) => line(`MedR ${d}`, s(`eval_epoch.metric.med_${d}_mean`), epochs))),
  );
  return figs;
}

export function writeExperimentView(dir: string, series: Series, title: string): string {
  const file = join(dir, 'view.html');
  writeHtmlPage(file, title, experimentFigures(series), 'Learning curves of this experiment, from logs.json (epochs are 0-based).');
  return file;
}
