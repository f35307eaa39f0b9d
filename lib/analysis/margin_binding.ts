/**
 * PWC against PWC++ of the same seed: PWC++'s matched term is [d − m]+
 * where PWC's is d. While no matched pair is closer than the margin m,
 * [d − m]+ = d − m for every pair, so the two losses differ by a constant,
 * their gradients are equal and the two runs are the same run; from the
 * first batch with a matched pair inside the margin they may part. This
 * reads both runs' logs and says when (and whether) that happened.
 */

export interface MarginBinding {
  /** 1-based batch of PWC++ where a matched pair was first inside the margin; null: never. */
  firstBindingBatch: number | null;
  /** Largest share of matched pairs inside the margin over the batches, and its mean over the second half of them. */
  maxShare: number;
  lateShare: number;
  /** Largest |PWC loss − PWC++ loss − constant| over the batches before the first binding one (all of them when it never binds). */
  gapBefore: number;
  /** The same over the batches from the first binding one on (null when it never binds). */
  gapAfter: number | null;
  /** First 1-based epoch whose validation R@1 differs between the runs (null: equal over the epochs both ran). */
  firstValDifference: number | null;
  /** Largest |ΔR@1| over the epochs both ran. */
  maxValDifference: number;
}

export interface PairedRuns {
  pwcLoss: readonly number[];
  plusLoss: readonly number[];
  /** PWC++'s per-batch share of matched pairs inside its margin. */
  plusInside: readonly number[];
  pwcVal: readonly number[];
  plusVal: readonly number[];
}

const maxAbs = (xs: readonly number[]): number => xs.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** `constant`: what PWC's loss exceeds PWC++'s by while the margin does not bind (weight × margin over the terms' count). */
export function marginBinding(r: PairedRuns, constant: number): MarginBinding {
  if (r.plusInside.length === 0) throw new Error('marginBinding: the PWC++ run logged no batch');
  const first = r.plusInside.findIndex((s) => s > 0);
  const n = Math.min(r.pwcLoss.length, r.plusLoss.length);
  const gaps = Array.from({ length: n }, (_, j) => r.pwcLoss[j] - r.plusLoss[j] - constant);
  const split = first < 0 ? n : Math.min(first, n);
  const late = r.plusInside.slice(Math.floor(r.plusInside.length / 2));
  const epochs = Math.min(r.pwcVal.length, r.plusVal.length);
  const valDiffs = Array.from({ length: epochs }, (_, e) => r.pwcVal[e] - r.plusVal[e]);
  const firstVal = valDiffs.findIndex((d) => d !== 0);
  return {
    firstBindingBatch: first < 0 ? null : first + 1,
    maxShare: Math.max(...r.plusInside),
    lateShare: late.reduce((a, b) => a + b, 0) / late.length,
    gapBefore: maxAbs(gaps.slice(0, split)),
    gapAfter: first < 0 ? null : maxAbs(gaps.slice(split)),
    firstValDifference: firstVal < 0 ? null : firstVal + 1,
    maxValDifference: maxAbs(valDiffs),
  };
}

/** One markdown line per seed. */
export function describeBinding(seed: number, b: MarginBinding, batchesPerEpoch: number): string {
  const head = `- seed ${seed}: `;
  if (b.firstBindingBatch === null) {
    return `${head}no matched pair inside the margin in any batch; the losses differ by the constant within ${b.gapBefore.toExponential(1)}, and validation R@1 ${b.firstValDifference === null ? 'is equal at every epoch' : `first differs at epoch ${b.firstValDifference} (largest difference ${(100 * b.maxValDifference).toFixed(2)} points)`}.`;
  }
  const epoch = Math.ceil(b.firstBindingBatch / batchesPerEpoch);
  return (
    `${head}the margin first binds at batch ${b.firstBindingBatch} (epoch ${epoch}); until then the losses differ by the constant within ${b.gapBefore.toExponential(1)}, ` +
    `afterwards by up to ${(b.gapAfter as number).toExponential(1)}. Share of matched pairs inside the margin: up to ${(100 * b.maxShare).toFixed(1)}%, ${(100 * b.lateShare).toFixed(1)}% on average over the second half of training. ` +
    `Validation R@1 ${b.firstValDifference === null ? 'stays equal' : `first differs at epoch ${b.firstValDifference}`} (largest difference ${(100 * b.maxValDifference).toFixed(1)} points).`
  );
}
