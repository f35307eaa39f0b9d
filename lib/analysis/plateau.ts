/**
 * Has a validation curve stopped rising? A run that early stopping did not
 * end used its whole epoch budget, and its table entry means "the best
 * after N epochs", not "the best this configuration reaches", unless its
 * curve is flat at the end. Flat here: the least-squares slope over the
 * last `window` evaluations has a 95% confidence interval that reaches
 * zero or below, i.e. no rise can be told from the epoch-to-epoch noise.
 * The interval treats the evaluations as independent, which they are not
 * quite (consecutive checkpoints share most of their weights), so it is a
 * little narrow: a "still rising" verdict is the safe side.
 */

export interface Plateau {
  /** Evaluations the slope was fitted on. */
  window: number;
  /** Least-squares slope, in the curve's units per evaluation. */
  slope: number;
  /** 95% interval of the slope. */
  low: number;
  high: number;
  /** The interval reaches zero: no rise detectable over the window. */
  flat: boolean;
}

/**
 * Student's t quantile for 0.975 through the Cornish–Fisher expansion
 * around the normal quantile (Abramowitz–Stegun 26.7.5): within 0.001 of
 * the exact value for 5 or more degrees of freedom.
 */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 5) throw new Error(`tQuantile975: ${df} degrees of freedom (at least 5)`);
  const z = 1.959963984540054;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  const z9 = z ** 9;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

/** The slope test over the last `window` values of `curve` (at least 7). */
export function plateau(curve: readonly number[], window: number): Plateau {
  if (!Number.isInteger(window) || window < 7) throw new Error(`plateau: a window of ${window} evaluations (at least 7)`);
  if (curve.length < window) throw new Error(`plateau: ${curve.length} evaluations, fewer than the window of ${window}`);
  const y = curve.slice(curve.length - window);
  for (const v of y) if (!Number.isFinite(v)) throw new Error(`plateau: a value is not finite (${y.join(', ')})`);
  const n = window;
  const meanX = (n - 1) / 2;
  const meanY = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (i - meanX) ** 2;
    sxy += (i - meanX) * (y[i] - meanY);
  }
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i] - meanY - slope * (i - meanX)) ** 2;
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const half = tQuantile975(n - 2) * se;
  return { window, slope, low: slope - half, high: slope + half, flat: slope - half <= 0 };
}

/**
 * Evaluations the end-of-run slope is fitted on (when a curve is shorter: all of it): the demo scale's
 * patience, 600 batches of its 60-batch epochs.
 */
export const PLATEAU_WINDOW = 10;

/**
 * How a run's validation curve ended, in words for a table: stopped early
 * (the plateau by patience), or the epoch cap with the slope over the last
 * evaluations in points (×100) per 10 evaluations and whether that is flat.
 */
export function describeEnd(curve: readonly number[], stoppedEarly: boolean, window = PLATEAU_WINDOW): string {
  const best = curve.indexOf(Math.max(...curve)) + 1;
  const head = `best at ${best} of ${curve.length}`;
  if (stoppedEarly) return `${head}, stopped early`;
  const w = Math.min(window, curve.length);
  if (w < 7) return `${head}, epoch cap; too short for a slope`;
  const p = plateau(curve, w);
  const per10 = (v: number) => `${v >= 0 ? '+' : ''}${(1000 * v).toFixed(2)}`;
  return `${head}, epoch cap; last ${w}: ${per10(p.slope)} [${per10(p.low)}, ${per10(p.high)}] per 10, ${p.flat ? 'flat' : 'still rising'}`;
}

export interface RunEnd {
  curve: readonly number[];
  stoppedEarly: boolean;
}

/** A markdown table: per configuration, how each seed's run ended, and how many reached a plateau (stopped early, or flat at the cap). */
export function endTable(groups: readonly { name: string; runs: readonly RunEnd[] }[], window = PLATEAU_WINDOW): string {
  const rows = groups.map((g) => {
    const ends = g.runs.map((r) => describeEnd(r.curve, r.stoppedEarly, window));
    const plateaued = ends.filter((e) => e.endsWith('stopped early') || e.endsWith(', flat')).length;
    return `| ${g.name} | ${plateaued} of ${g.runs.length} | ${ends.join('<br>')} |`;
  });
  return [`| configuration | at a plateau | per seed: best validation epoch, how the run ended (slope of R@1 in points per 10 evaluations, 95% CI) |`, '|---|---:|---|', ...rows].join('\n');
}
