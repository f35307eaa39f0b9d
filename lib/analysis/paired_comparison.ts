/**
 * One of the paper's comparisons (A better than B?) on this data, two ways:
 * a paired bootstrap over the test queries of the per-query hit at rank k
 * (averaged over the seeds of each configuration, the same queries for
 * both), and a sign test over seeds of the difference in test R@k (seed i of
 * A against seed i of B).
 */
import { pairedBootstrap, type PairedBootstrap } from './paired_bootstrap.js';
import { hitsAt, meanOverRuns, type QueryRanks } from './query_ranks.js';
import { signTest, type SignTest } from './sign_test.js';

export type Direction = 'im2recipe' | 'recipe2im';

export interface PairedComparison {
  a: string;
  b: string;
  direction: Direction;
  k: number;
  bootstrap: PairedBootstrap;
  sign: SignTest;
  /** Per seed, R@k of A minus R@k of B over the same queries. */
  perSeed: number[];
}

export function comparePaired(
  a: { name: string; runs: readonly QueryRanks[] },
  b: { name: string; runs: readonly QueryRanks[] },
  direction: Direction,
  k: number,
  opts: { resamples?: number; seed?: number } = {},
): PairedComparison {
  const hits = (runs: readonly QueryRanks[]) => runs.map((r) => hitsAt(r[direction], k));
  const ha = hits(a.runs);
  const hb = hits(b.runs);
  const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
  const seeds = Math.min(ha.length, hb.length);
  const perSeed = Array.from({ length: seeds }, (_, i) => mean(ha[i]) - mean(hb[i]));
  return { a: a.name, b: b.name, direction, k, bootstrap: pairedBootstrap(meanOverRuns(ha), meanOverRuns(hb), opts), sign: signTest(perSeed), perSeed };
}

const pp = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)}`;
const p = (x: number) => (x < 0.001 ? x.toExponential(1) : x.toFixed(3));

/** Markdown table: ΔR@k in points with its 95% interval, the bootstrap p, d_z, the seeds' signs and the sign test's p. */
export function comparisonTable(rows: readonly PairedComparison[]): string {
  return [
    '| A vs B | direction | ΔR@k (points) [95% CI] | p (bootstrap) | d_z | seeds A > B | p (sign test) |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows.map((c) => {
      const bs = c.bootstrap;
      return `| ${c.a} vs ${c.b} | ${c.direction} R@${c.k} | ${pp(bs.difference)} [${pp(bs.ci95[0])}, ${pp(bs.ci95[1])}] | ${p(bs.pValue)} | ${bs.effectSize.toFixed(3)} | ${c.sign.positive} of ${c.perSeed.length}${c.sign.ties ? ` (${c.sign.ties} tied)` : ''} | ${p(c.sign.pValue)} |`;
    }),
  ].join('\n');
}

/** The plain-words verdict on "A is better than B": agrees / contradicts at the 5% level, or no detectable difference. */
export function verdict(c: PairedComparison): string {
  const bs = c.bootstrap;
  const what = `${c.a} vs ${c.b}, ${c.direction} R@${c.k}: ${pp(bs.difference)} points (95% CI ${pp(bs.ci95[0])} to ${pp(bs.ci95[1])}, bootstrap p ${p(bs.pValue)}; ${c.sign.positive} of ${c.perSeed.length} seeds favour ${c.a})`;
  if (bs.pValue >= 0.05) return `${what}: no difference this test can detect on these queries — the paper's ordering is neither confirmed nor contradicted`;
  return bs.difference > 0 ? `${what}: ${c.a} is better, as in the paper` : `${what}: ${c.b} is better, against the paper's ordering`;
}
