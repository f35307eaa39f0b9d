/**
 * Reading the per-batch loss telemetry of an experiment (logs.json, series
 * `train_batch.term.<TERM>.<field>`, docs/method.md §5) for the AdaMine analysis:
 * active-triplet fractions per term, and how much weight one active triplet
 * of a term gets under a reduction strategy.
 */
import type { Series } from '../experiment/logger.js';

/** One term's per-batch series, aligned by batch. */
export interface TermTrace {
  name: string;
  loss: number[];
  activeFraction: number[];
  /** Active (non-zero cost) triplets per batch: active_fraction × triplets (the engine logs those two). */
  active: number[];
  /** Triplets scored per batch. */
  triplets: number[];
}

const TERM_KEY = /^train_batch\.term\.(.+)\.loss$/;

/** The term names present in the series, in the order they were first logged. */
export function loggedTerms(series: Series): string[] {
  return Object.keys(series)
    .map((k) => TERM_KEY.exec(k)?.[1])
    .filter((t): t is string => t !== undefined);
}

function required(series: Series, key: string, where: string): number[] {
  const values = series[key];
  if (!values) throw new Error(`${where}: no series '${key}' (logged: ${Object.keys(series).slice(0, 12).join(', ')}...)`);
  return values;
}

/** A term's series; `where` (e.g. the logs.json path) goes into errors. */
export function termTrace(series: Series, term: string, where = 'logs.json'): TermTrace {
  const key = (field: string) => `train_batch.term.${term}.${field}`;
  const loss = required(series, key('loss'), where);
  const activeFraction = required(series, key('active_fraction'), where);
  const triplets = required(series, key('triplets'), where);
  for (const [field, values] of [['active_fraction', activeFraction], ['triplets', triplets]] as const) {
    if (values.length !== loss.length) throw new Error(`${where}: term ${term}: ${field} has ${values.length} values, loss has ${loss.length}`);
  }
  const active = activeFraction.map((f, i) => Math.round(f * triplets[i]));
  return { name: term, loss, activeFraction, active, triplets };
}

/** The reductions whose per-triplet weight is one number per batch (`hardest` weights one triplet per anchor). */
export type WeightedReduction = 'mean' | 'adaptive';

/**
 * The factor that multiplies each active triplet's cost gradient in a term:
 * weight / (number of triplets) for `mean`, weight / (number of active
 * triplets) for `adaptive`. NaN for a batch where the divisor is 0 (the term
 * gave no gradient): JSON and plotly show it as a gap.
 */
export function perTripletWeight(weight: number, trace: TermTrace, reduction: WeightedReduction): number[] {
  const divisor = reduction === 'mean' ? trace.triplets : trace.active;
  return divisor.map((d) => (d > 0 ? weight / d : Number.NaN));
}

/**
 * Per batch, the weight of one active semantic triplet relative to one
 * active instance triplet: mean over SIRR/SRII of perTripletWeight divided
 * by the mean over IRR/RII. With `mean` it only follows the triplet counts;
 * with `adaptive` it moves as instance triplets stop being active.
 */
export function semanticToInstanceRatio(
  series: Series,
  weights: { instance: number; semantic: number },
  reduction: WeightedReduction,
  where = 'logs.json',
): number[] {
  const per = (term: string, w: number) => perTripletWeight(w, termTrace(series, term, where), reduction);
  const instance = [per('IRR', weights.instance), per('RII', weights.instance)];
  const semantic = [per('SIRR', weights.semantic), per('SRII', weights.semantic)];
  return instance[0].map((_, i) => (semantic[0][i] + semantic[1][i]) / 2 / ((instance[0][i] + instance[1][i]) / 2));
}

/** Trailing moving average over `window` values, skipping NaN; NaN where the window holds none. */
export function movingAverage(values: readonly number[], window: number): number[] {
  if (!Number.isInteger(window) || window < 1) throw new Error(`movingAverage: window must be a positive integer, got ${window}`);
  return values.map((_, i) => {
    let sum = 0;
    let n = 0;
    for (let j = Math.max(0, i - window + 1); j <= i; j++) {
      if (!Number.isNaN(values[j])) {
        sum += values[j];
        n++;
      }
    }
    return n > 0 ? sum / n : Number.NaN;
  });
}
