/**
 * Spread drawn with the mean: a see-through band (mean ± std, or a 95%
 * confidence interval) around a line, or error bars on points and bars.
 * Two sources of spread: the bags of one run (the logged `<metric>_std`
 * next to `<metric>_mean`), and the seeds of one configuration (several
 * runs: `seedStats` summarises them point by point).
 */
import { configurationStyle, withAlpha, type LineStyle } from './palette.js';

type Trace = Record<string, unknown>;

/** One run's series: y at each x (e.g. epochs, 1-based). */
export interface XY {
  x: readonly number[];
  y: readonly number[];
}

export interface PointStats {
  x: number[];
  mean: number[];
  /** Sample standard deviation over seeds (n − 1); NaN with one seed. */
  std: number[];
  /** Half-width of the 95% confidence interval of the mean (Student t); NaN with one seed. */
  ci95: number[];
  /** Seeds with a finite value at each x. */
  n: number[];
}

/** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** t_{0.975, df}: the table up to 30, then z + (z³ + z)/(4·df) (off by under 0.003 from 31 on). */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new Error(`tQuantile975: degrees of freedom must be a positive integer, got ${df}`);
  if (df <= T975.length) return T975[df - 1];
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df);
}

/**
 * Mean, std and 95% CI over seeds at each x any seed has, matched by x
 * value (runs that stopped early, or evaluated at other epochs, count only
 * where they have a point). Non-finite values are left out.
 */
export function seedStats(seeds: readonly XY[]): PointStats {
  const byX = new Map<number, number[]>();
  seeds.forEach((s, k) => {
    if (s.x.length !== s.y.length) throw new Error(`seedStats: seed ${k} has ${s.x.length} x values for ${s.y.length} y values`);
    s.x.forEach((x, i) => {
      if (Number.isFinite(s.y[i])) (byX.get(x) ?? byX.set(x, []).get(x)!).push(s.y[i]);
    });
  });
  const out: PointStats = { x: [], mean: [], std: [], ci95: [], n: [] };
  for (const x of [...byX.keys()].sort((a, b) => a - b)) {
    const v = byX.get(x)!;
    const n = v.length;
    const mean = v.reduce((a, b) => a + b, 0) / n;
    const std = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : NaN;
    out.x.push(x);
    out.mean.push(mean);
    out.std.push(std);
    out.ci95.push(n > 1 ? (tQuantile975(n - 1) * std) / Math.sqrt(n) : NaN);
    out.n.push(n);
  }
  return out;
}

export interface BandOptions {
  /** Legend name of the line; the band joins its legend group. */
  name: string;
  /** Colour and dash; default: the palette's for `name`. */
  style?: LineStyle;
  /** Band opacity (default 0.2). */
  alpha?: number;
  /** Extra trace attributes of the line (xaxis, yaxis, mode, ...). */
  line?: Trace;
}

/**
 * A line at `mean` and a band from mean − spread to mean + spread, as two
 * traces (band first, so the line is drawn on top). Points whose spread is
 * not finite (one seed) have no band there; the line still shows them.
 */
export function bandTraces(x: readonly number[], mean: readonly number[], spread: readonly number[], o: BandOptions): Trace[] {
  if (x.length !== mean.length || x.length !== spread.length) {
    throw new Error(`bandTraces '${o.name}': ${x.length} x, ${mean.length} means, ${spread.length} spreads`);
  }
  const style = o.style ?? configurationStyle(o.name);
  const keep = x.map((_, i) => i).filter((i) => Number.isFinite(mean[i]) && Number.isFinite(spread[i]));
  const bx = keep.map((i) => x[i]);
  const band: Trace = {
    type: 'scatter',
    mode: 'lines',
    name: `${o.name} spread`,
    x: [...bx, ...[...bx].reverse()],
    y: [...keep.map((i) => mean[i] + spread[i]), ...[...keep].reverse().map((i) => mean[i] - spread[i])],
    fill: 'toself',
    fillcolor: withAlpha(style.colour, o.alpha ?? 0.2),
    line: { width: 0 },
    hoverinfo: 'skip',
    showlegend: false,
    legendgroup: o.name,
    ...(o.line?.xaxis ? { xaxis: o.line.xaxis } : {}),
    ...(o.line?.yaxis ? { yaxis: o.line.yaxis } : {}),
  };
  const line: Trace = {
    type: 'scatter',
    mode: x.length > 40 ? 'lines' : 'lines+markers',
    name: o.name,
    x: [...x],
    y: [...mean],
    line: { color: style.colour, dash: style.dash },
    marker: { color: style.colour },
    legendgroup: o.name,
    ...o.line,
  };
  return keep.length > 0 ? [band, line] : [line];
}

/** Points (or bars) at `mean` with ± `error` bars, in the palette's colour for `name`. */
export function errorBarTrace(x: readonly (number | string)[], mean: readonly number[], error: readonly number[], o: BandOptions & { bars?: boolean }): Trace {
  if (x.length !== mean.length || x.length !== error.length) throw new Error(`errorBarTrace '${o.name}': ${x.length} x, ${mean.length} means, ${error.length} errors`);
  const style = o.style ?? configurationStyle(o.name);
  return {
    type: o.bars ? 'bar' : 'scatter',
    ...(o.bars ? {} : { mode: 'markers' }),
    name: o.name,
    x: [...x],
    y: [...mean],
    error_y: { type: 'data', array: error.map((e) => (Number.isFinite(e) ? e : 0)), visible: true, color: o.bars ? '#333333' : style.colour },
    marker: { color: style.colour },
    ...o.line,
  };
}

/**
 * One configuration over its seeds: the mean line and a band of ± std
 * (`spread: 'std'`, the default) or the 95% CI of the mean (`'ci95'`);
 * hovering shows how many seeds each point has.
 */
export function seedBandTraces(name: string, seeds: readonly XY[], o: Omit<BandOptions, 'name'> & { spread?: 'std' | 'ci95' } = {}): Trace[] {
  const s = seedStats(seeds);
  const spread = (o.spread ?? 'std') === 'std' ? s.std : s.ci95;
  const label = (o.spread ?? 'std') === 'std' ? '± std' : '95% CI';
  return bandTraces(s.x, s.mean, spread, {
    ...o,
    name,
    line: { text: s.n.map((n, i) => `${n} seed${n === 1 ? '' : 's'}, ${label} ${Number.isFinite(spread[i]) ? spread[i].toPrecision(3) : '–'}`), ...o.line },
  });
}
