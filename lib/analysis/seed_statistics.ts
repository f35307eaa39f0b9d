/**
 * Spread over seeds: the mean and sample standard deviation of one metric
 * across runs that differ only by their seed, next to the spread within a
 * run (over evaluation bags), which says how noisy one evaluation is, not
 * how much training itself varies.
 */

export interface MeanStd {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  std: number;
  n: number;
}

export function meanStd(values: readonly number[], what = 'meanStd'): MeanStd {
  if (values.length === 0) throw new Error(`${what}: no values`);
  for (const v of values) if (!Number.isFinite(v)) throw new Error(`${what}: a value is not finite (${values.join(', ')})`);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}
