/**
 * One page that overlays several runs (`recipe1m compare --view FILE`): the
 * comparison tables, then for each compared key the curve of every run in
 * its configuration's colour (a band of ± std over bags where the key has a
 * `_std`, a star on each run's best), and the training and evaluation
 * losses per epoch. Self-contained like view.html: it opens offline.
 */
import { bandTraces } from '../viz/bands.js';
import type { Figure } from '../viz/figure.js';
import { escapeHtml, htmlTable, writeHtmlPage } from '../viz/html.js';
import { configurationStyle } from '../viz/palette.js';
import { epochOf, tableCells, type CompareTable, type LoadedRun } from './compare.js';
import type { Series } from './logger.js';

type Trace = Record<string, unknown>;

function epochs(series: Series, key: string): number[] {
  return (series[key] ?? []).map((_, i) => epochOf(series, key, i) + 1);
}

/** A run's curve of `key` (with its bag band when logged), in the run's colour. */
function runTraces(run: LoadedRun & { series: Series }, key: string): Trace[] {
  const x = epochs(run.series, key);
  const y = run.series[key];
  const style = configurationStyle(run.method);
  const std = key.endsWith('_mean') ? run.series[key.replace(/_mean$/, '_std')] : undefined;
  if (std && std.length === y.length) return bandTraces(x, y, std, { name: run.method, style, alpha: 0.12 });
  return [{ type: 'scatter', mode: y.length > 40 ? 'lines' : 'lines+markers', name: run.method, legendgroup: run.method, x, y: [...y], line: { color: style.colour, dash: style.dash }, marker: { color: style.colour } }];
}

function curvesFigure(title: string, key: string, runs: readonly (LoadedRun & { series: Series })[], table: CompareTable | null): Figure {
  const traces = runs.filter((r) => r.series[key]?.length).flatMap((r) => runTraces(r, key));
  for (const row of table?.rows ?? []) {
    const style = configurationStyle(row.method);
    traces.push({
      type: 'scatter',
      mode: 'markers',
      name: `${row.method} best`,
      legendgroup: row.method,
      showlegend: false,
      x: [row.epoch + 1],
      y: [row.score],
      marker: { symbol: 'star', size: 14, color: style.colour, line: { color: '#000000', width: 1 } },
      hovertemplate: `${escapeHtml(row.method)}: best %{y} at epoch %{x}<extra></extra>`,
    });
  }
  return {
    data: traces,
    layout: {
      title: { text: title },
      xaxis: { title: { text: 'epoch' } },
      yaxis: { title: { text: key.replace(/^eval_epoch\.metric\./, '') } },
    },
  };
}

/** The figures of the comparison page, in table order, then the losses. */
export function comparisonFigures(runs: readonly LoadedRun[], tables: readonly CompareTable[]): Figure[] {
  const loaded = runs.filter((r): r is LoadedRun & { series: Series } => r.series !== null);
  const figs = tables.map((t) => curvesFigure(`${t.key.key} (${t.key.mode === 'max' ? 'higher' : 'lower'} is better; ★ each run's best)`, t.key.key, loaded, t));
  figs.push(curvesFigure('Training loss per epoch', 'train_epoch.loss', loaded, null));
  figs.push(curvesFigure('Evaluation loss per epoch', 'eval_epoch.loss', loaded, null));
  return figs;
}

/** The tables as HTML: one per key, then the folders left out. */
export function comparisonTables(tables: readonly CompareTable[]): string {
  return tables
    .map((t) => {
      const left = t.problems.length ? `<ul>${t.problems.map((p) => `<li>left out ${escapeHtml(p.dir)}: ${escapeHtml(p.reason)}</li>`).join('')}</ul>` : '';
      return `<h2>${escapeHtml(t.key.key)} (${t.key.mode})</h2>\n${htmlTable(['place', 'method', 'score', 'epoch'], tableCells(t))}${left}`;
    })
    .join('\n');
}

/** Writes the comparison page to `file` (atomically). */
export function writeComparisonView(file: string, runs: readonly LoadedRun[], tables: readonly CompareTable[]): void {
  const intro =
    `${runs.length} runs: ${runs.map((r) => r.method).join(', ')}. Epochs are counted from 1; each configuration keeps its colour ` +
    '(seeds of one configuration share it), bands are ± std over the evaluation bags.';
  writeHtmlPage(file, 'Comparison of experiments', comparisonFigures(runs, tables), intro, { before: comparisonTables(tables) });
}
