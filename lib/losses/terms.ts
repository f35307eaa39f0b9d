/**
 * One term of a criterion (IRR, RII, SIRR, …) and its telemetry.
 *
 * Keeping term tensors alive through a gradient call: `Criterion.compute`
 * runs `tf.keep` on each term's `loss` and `active`, so they survive the
 * tidy scope of `tf.variableGrads` (which disposes every other intermediate
 * tensor). The caller gets the terms out of the closure and then MUST call
 * `criterion.summarize(terms)` (= `summarizeTerms`: reads the numbers and
 * disposes the tensors) or `disposeTerms(terms)`:
 *
 *   let terms: TermResult[] = [];
 *   const { value, grads } = tf.variableGrads(() => {
 *     const out = criterion.compute(input);
 *     terms = out.terms;
 *     return out.total;
 *   }, vars);
 *   const stats = criterion.summarize(terms);
 */
import * as tf from '@tensorflow/tfjs';
import { reduceCosts, type Costs, type Reducer } from './reducers/reducer.js';

export interface TermResult {
  /** 'IRR', 'RII', 'SIRR', 'SRII', 'pos', 'neg', 'cls_image', 'cls_recipe', 'lifted', 'i2r', 'r2i'. */
  name: string;
  weight: number;
  /** The reduced (unweighted) loss of the term. */
  loss: tf.Scalar;
  /** Number of triplets (pairs, items) the term scored. */
  triplets: number;
  /** Number of them with a non-zero cost (outside the gradient path). */
  active: tf.Scalar;
  /** Further per-batch statistics of the term, by name (outside the gradient path; logged as term.<name>.<probe>). */
  probes?: Record<string, tf.Scalar>;
}

export interface TermStats {
  name: string;
  weight: number;
  loss: number;
  triplets: number;
  active: number;
  /** active / triplets, 0 when there are no triplets. */
  activeFraction: number;
  probes?: Record<string, number>;
}

/** A term from its unreduced costs and the reducer that makes them one number. */
export function costTerm(name: string, weight: number, costs: Costs, reducer: Reducer): TermResult {
  const { loss, active, count } = reduceCosts(reducer, costs);
  return { name, weight, loss, triplets: count, active };
}

/** Marks the term tensors to survive enclosing tidy scopes (see the module comment). */
export function keepTerms(terms: TermResult[]): TermResult[] {
  for (const t of terms) {
    tf.keep(t.loss);
    tf.keep(t.active);
    for (const p of Object.values(t.probes ?? {})) tf.keep(p);
  }
  return terms;
}

/** Reads the numbers of kept terms and disposes their tensors. */
export function summarizeTerms(terms: readonly TermResult[]): TermStats[] {
  const stats = terms.map((t) => {
    const active = t.active.dataSync()[0];
    return {
      name: t.name,
      weight: t.weight,
      loss: t.loss.dataSync()[0],
      triplets: t.triplets,
      active,
      activeFraction: t.triplets > 0 ? active / t.triplets : 0,
      ...(t.probes ? { probes: Object.fromEntries(Object.entries(t.probes).map(([k, p]) => [k, p.dataSync()[0]])) } : {}),
    };
  });
  disposeTerms(terms);
  return stats;
}

export function disposeTerms(terms: readonly TermResult[]): void {
  for (const t of terms) tf.dispose([t.loss, t.active, ...Object.values(t.probes ?? {})]);
}
