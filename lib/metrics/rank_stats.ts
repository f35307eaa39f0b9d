/** Summaries of a list of 1-based ranks. */

/**
 * The median rank (ranks are 1-based, so a perfect model has MedR 1). For an
 * even number of ranks it is the mean of the two middle ones, as numpy's
 * median does, hence possibly a half-integer.
 */
export function medianRank(ranks: ArrayLike<number>): number {
  if (ranks.length === 0) throw new Error('medianRank: no ranks');
  const sorted = Float64Array.from(ranks).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Fraction of queries (in [0, 1]) whose true match is ranked k or better. */
export function recallAtK(ranks: ArrayLike<number>, k: number): number {
  if (ranks.length === 0) throw new Error('recallAtK: no ranks');
  let hits = 0;
  for (let i = 0; i < ranks.length; i++) if (ranks[i] <= k) hits++;
  return hits / ranks.length;
}
