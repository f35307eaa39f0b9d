/**
 * Batch plans for one epoch (docs/method.md §6).
 * trainBatches: each batch holds floor(B/4) same-class pairs of classed
 * recipes and B - 2·floor(B/4) background recipes (50 + 25 pairs for B = 100).
 * Background recipes are drawn uniformly without replacement; for each pair
 * the class is drawn with probability proportional to the number of pairs it
 * has left this epoch (floor(left/2)), then two of its remaining recipes
 * uniformly. The epoch ends when either pool cannot fill the next batch; no
 * recipe repeats within an epoch. When a split has no classed pair at all or
 * no background recipe at all, the rule cannot apply and the epoch is plain
 * shuffled batches instead (documented fallback, never an empty epoch).
 * evalBatches: a seeded permutation cut into batches (the last may be short).
 */
import { Random } from '../util/random.js';

export function trainBatches(classes: Int32Array, batchSize: number, rng: Random): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 2) throw new Error(`trainBatches: batchSize must be an integer >= 2, got ${batchSize}`);
  const background: number[] = [];
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i];
    if (c === 0) background.push(i);
    else {
      let list = byClass.get(c);
      if (!list) byClass.set(c, (list = []));
      list.push(i);
    }
  }
  const classIds = [...byClass.keys()].sort((a, b) => a - b);
  const pools = classIds.map((c) => rng.shuffle(byClass.get(c)!));
  const pairsLeft = Float64Array.from(pools, (p) => Math.floor(p.length / 2));
  let totalPairs = pairsLeft.reduce((a, b) => a + b, 0);
  const nPairs = Math.floor(batchSize / 4);
  const nBackground = batchSize - 2 * nPairs;
  if (totalPairs === 0 || background.length === 0 || nPairs === 0) {
    const order = rng.permutation(classes.length);
    const out: number[][] = [];
    for (let s = 0; s + batchSize <= order.length; s += batchSize) out.push(order.slice(s, s + batchSize));
    if (out.length === 0 && order.length > 0) out.push(order);
    return out;
  }
  rng.shuffle(background);
  const taken = new Int32Array(pools.length); // recipes used per class
  let bgNext = 0;
  const batches: number[][] = [];
  while (bgNext + nBackground <= background.length && totalPairs >= nPairs) {
    const batch = background.slice(bgNext, bgNext + nBackground);
    bgNext += nBackground;
    for (let p = 0; p < nPairs; p++) {
      const k = rng.weighted(pairsLeft);
      batch.push(pools[k][taken[k]], pools[k][taken[k] + 1]);
      taken[k] += 2;
      pairsLeft[k]--;
      totalPairs--;
    }
    batches.push(batch);
  }
  return batches;
}

export function evalBatches(n: number, batchSize: number, seed: number): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`evalBatches: batchSize must be a positive integer, got ${batchSize}`);
  const order = new Random(seed).permutation(n);
  const out: number[][] = [];
  for (let s = 0; s < n; s += batchSize) out.push(order.slice(s, s + batchSize));
  return out;
}
