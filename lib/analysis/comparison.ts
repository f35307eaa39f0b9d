/**
 * The paper-style comparison table (docs/method.md §9): per configuration, MedR and
 * R@1/5/10 in both directions as "mean ± std over bags", read from the
 * metrics the engine logs (`med_<dir>_mean|std`, `recall_at_<k>_<dir>_mean|std`).
 */
import type { Series } from '../experiment/logger.js';

export const TABLE_DIRECTIONS = ['im2recipe', 'recipe2im'] as const;
export const TABLE_COLUMNS = ['MedR', 'R@1', 'R@5', 'R@10'] as const;

function metricKey(column: (typeof TABLE_COLUMNS)[number], direction: string): string {
  return column === 'MedR' ? `med_${direction}` : `recall_at_${column.slice(2)}_${direction}`;
}

/** "mean ± std": MedR with one decimal, recalls in percent with one decimal (the paper's format). */
export function formatCell(column: (typeof TABLE_COLUMNS)[number], mean: number, std: number): string {
  if (column === 'MedR') return `${mean.toFixed(1)} ± ${std.toFixed(1)}`;
  return `${(100 * mean).toFixed(1)} ± ${(100 * std).toFixed(1)}`;
}

export interface TableRow {
  configuration: string;
  /** Column name ("im2recipe MedR", ...) → formatted cell. */
  cells: Record<string, string>;
  /** The same values as numbers: column → mean. */
  means: Record<string, number>;
}

/** One row per configuration, from a metric record as logged (keys without the `eval_epoch.metric.` prefix). */
export function comparisonRow(configuration: string, metrics: Record<string, number>): TableRow {
  const cells: Record<string, string> = {};
  const means: Record<string, number> = {};
  for (const d of TABLE_DIRECTIONS) {
    for (const c of TABLE_COLUMNS) {
      const key = metricKey(c, d);
      const mean = metrics[`${key}_mean`];
      const std = metrics[`${key}_std`];
      if (mean === undefined || std === undefined) {
        throw new Error(`comparison table, ${configuration}: metric ${key}_mean/_std missing (have: ${Object.keys(metrics).join(', ')})`);
      }
      cells[`${d} ${c}`] = formatCell(c, mean, std);
      means[`${d} ${c}`] = mean;
    }
  }
  return { configuration, cells, means };
}

/** A GitHub-flavoured markdown table of rows (configuration first, then the 8 columns). */
export function markdownTable(rows: TableRow[]): string {
  const columns = TABLE_DIRECTIONS.flatMap((d) => TABLE_COLUMNS.map((c) => `${d} ${c}`));
  const header = `| configuration | ${columns.join(' | ')} |`;
  const rule = `|---|${columns.map(() => '---:').join('|')}|`;
  const body = rows.map((r) => `| ${r.configuration} | ${columns.map((c) => r.cells[c]).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}

/** The metrics logged by the last evaluation in a series (`eval_epoch.metric.*`), keys without the prefix. */
export function lastMetrics(series: Series, where = 'logs.json'): Record<string, number> {
  const prefix = 'eval_epoch.metric.';
  const out: Record<string, number> = {};
  for (const [key, values] of Object.entries(series)) {
    if (key.startsWith(prefix) && values.length > 0) out[key.slice(prefix.length)] = values[values.length - 1];
  }
  if (Object.keys(out).length === 0) throw new Error(`${where}: no evaluation metrics logged (eval_epoch.metric.*)`);
  return out;
}

/** Configurations ordered best first by the mean of a column (lower is better for MedR). */
export function rankBy(rows: TableRow[], column: string): string[] {
  const lowerIsBetter = column.endsWith('MedR');
  return [...rows]
    .sort((a, b) => (lowerIsBetter ? a.means[column] - b.means[column] : b.means[column] - a.means[column]))
    .map((r) => r.configuration);
}
