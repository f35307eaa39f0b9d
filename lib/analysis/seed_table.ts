/**
 * The paper's table over seeds: per configuration, each column (MedR,
 * R@1/5/10, both directions) as mean ± std over seeds of the test metric,
 * next to the within-run spread (the std over evaluation bags, averaged over
 * the seeds): the first says how much training varies, the second how
 * noisy one evaluation is.
 */
import { TABLE_COLUMNS, TABLE_DIRECTIONS } from './comparison.js';
import { meanStd, type MeanStd } from './seed_statistics.js';

export interface SeedRow {
  configuration: string;
  seeds: number;
  /** "im2recipe R@1" → mean ± std over seeds of the bag mean. */
  overSeeds: Record<string, MeanStd>;
  /** "im2recipe R@1" → mean over seeds of the std over bags. */
  withinRun: Record<string, number>;
}

const key = (column: string, direction: string) => (column === 'MedR' ? `med_${direction}` : `recall_at_${column.slice(2)}_${direction}`);

export const SEED_TABLE_COLUMNS = TABLE_DIRECTIONS.flatMap((d) => TABLE_COLUMNS.map((c) => `${d} ${c}`));

/** One row from the test metrics of each seed's run (keys as logged, without the eval_epoch.metric. prefix). */
export function seedRow(configuration: string, perSeed: readonly Record<string, number>[]): SeedRow {
  const overSeeds: Record<string, MeanStd> = {};
  const withinRun: Record<string, number> = {};
  for (const d of TABLE_DIRECTIONS) {
    for (const c of TABLE_COLUMNS) {
      const k = key(c, d);
      const values = (suffix: string) =>
        perSeed.map((m, i) => {
          const v = m[`${k}_${suffix}`];
          if (v === undefined) throw new Error(`seed table, ${configuration}: run ${i + 1} has no ${k}_${suffix}`);
          return v;
        });
      overSeeds[`${d} ${c}`] = meanStd(values('mean'), `${configuration} ${k}`);
      withinRun[`${d} ${c}`] = meanStd(values('std')).mean;
    }
  }
  return { configuration, seeds: perSeed.length, overSeeds, withinRun };
}

const fmt = (column: string, v: number) => (column.endsWith('MedR') ? v.toFixed(1) : (100 * v).toFixed(1));

/** Markdown: one row per configuration, each cell "mean ± std over seeds (bags ± within-run std)". */
export function seedTable(rows: readonly SeedRow[]): string {
  const header = `| configuration | seeds | ${SEED_TABLE_COLUMNS.join(' | ')} |`;
  const rule = `|---|---:|${SEED_TABLE_COLUMNS.map(() => '---:').join('|')}|`;
  const body = rows.map((r) => {
    const cells = SEED_TABLE_COLUMNS.map((c) => `${fmt(c, r.overSeeds[c].mean)} ± ${fmt(c, r.overSeeds[c].std)} (${fmt(c, r.withinRun[c])})`);
    return `| ${r.configuration} | ${r.seeds} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...body].join('\n');
}
