/**
 * A paired bootstrap over queries: two systems scored on the same queries
 * (a per-query value each, e.g. 1 when the match is at rank 1), resampled
 * with replacement as pairs, so that what varies between queries (some are
 * hard for every system) cancels out and only the difference is tested.
 */
import { Random } from '../util/random.js';

export interface PairedBootstrap {
  /** Queries compared. */
  n: number;
  /** mean(a) − mean(b): the effect, in the unit of the values. */
  difference: number;
  /** 2.5 and 97.5 percentiles of the resampled differences. */
  ci95: [number, number];
  /**
   * Two-sided p-value of "no difference": the share of resampled
   * differences, shifted to have mean 0, at least as far from 0 as the
   * observed one, (1 + count) / (1 + resamples) so that it is never 0.
   */
  pValue: number;
  /** Standardised effect, mean(a − b) / sd(a − b) (Cohen's d_z); ±Infinity when every difference is the same non-zero value, 0 when all are 0. */
  effectSize: number;
  resamples: number;
}

function percentile(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Paired bootstrap of mean(a) − mean(b) over the queries (a[i] and b[i] score the same query). */
export function pairedBootstrap(a: ArrayLike<number>, b: ArrayLike<number>, opts: { resamples?: number; seed?: number } = {}): PairedBootstrap {
  const n = a.length;
  if (n !== b.length) throw new Error(`pairedBootstrap: ${n} values against ${b.length}: the two systems must be scored on the same queries`);
  if (n < 2) throw new Error(`pairedBootstrap: ${n} queries; at least 2 are needed`);
  const resamples = opts.resamples ?? 10000;
  if (!Number.isInteger(resamples) || resamples < 1) throw new Error(`pairedBootstrap: resamples must be a positive integer, got ${resamples}`);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    d[i] = a[i] - b[i];
    if (!Number.isFinite(d[i])) throw new Error(`pairedBootstrap: query ${i} has a non-finite value (${a[i]}, ${b[i]})`);
  }
  const mean = d.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const random = new Random(opts.seed ?? 1);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += d[random.int(n)];
    means[r] = s / n;
  }
  let extreme = 0;
  for (const m of means) if (Math.abs(m - mean) >= Math.abs(mean)) extreme++;
  means.sort();
  return {
    n,
    difference: mean,
    ci95: [percentile(means, 0.025), percentile(means, 0.975)],
    pValue: (1 + extreme) / (1 + resamples),
    effectSize: sd > 0 ? mean / sd : mean === 0 ? 0 : Math.sign(mean) * Number.POSITIVE_INFINITY,
    resamples,
  };
}
