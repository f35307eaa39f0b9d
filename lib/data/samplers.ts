/**
 * Batch plans for one epoch (docs/method.md §6).
 *
 * trainBatches, the class-balanced rule of the paper: each batch of B holds
 * P = floor(B/4) same-class pairs of classed recipes and B - 2P background
 * recipes (25 pairs + 50 background for B = 100). Background recipes are
 * drawn uniformly without replacement; for each pair the class is drawn with
 * probability proportional to the number of pairs it has left this epoch
 * (floor(unused recipes / 2)), then two of its unused recipes uniformly. The
 * epoch ends when either pool cannot fill the next batch; no recipe repeats
 * within an epoch.
 *
 * Filled batches, when the split cannot give even one batch by that rule
 * (fewer than P same-class pairs, or fewer than B - 2P background recipes,
 * or B < 4 so that P = 0): each batch takes the same-class pairs there are,
 * up to P (classes drawn as above), and is filled up with recipes drawn
 * uniformly from all those not used yet this epoch, background or classed;
 * the epoch ends when fewer than B recipes are left unused. No recipe
 * repeats. Whether a split needs this depends only on its class counts and
 * B, never on the seed: `fillNote` says so, once, for the run's log. A split
 * smaller than B gives no batch at all (the engine refuses such an epoch).
 *
 * evalBatches: a seeded permutation cut into batches (the last may be short).
 */
import { Random } from '../util/random.js';

interface Pools {
  background: number[];
  /** Recipe indices per class, in increasing class order. */
  classed: number[][];
}

function pools(classes: Int32Array): Pools {
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
  const classed = [...byClass.keys()].sort((a, b) => a - b).map((c) => byClass.get(c)!);
  return { background, classed };
}

/** What one batch of the rule asks for, and what the split has. */
function composition(classes: Int32Array, batchSize: number) {
  const { background, classed } = pools(classes);
  const pairs = Math.floor(batchSize / 4);
  return {
    pairs,
    background: batchSize - 2 * pairs,
    hasPairs: classed.reduce((a, p) => a + Math.floor(p.length / 2), 0),
    hasBackground: background.length,
  };
}

function needsFill(c: ReturnType<typeof composition>): boolean {
  return c.pairs === 0 || c.hasPairs < c.pairs || c.hasBackground < c.background;
}

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 2) throw new Error(`trainBatches: batchSize must be an integer >= 2, got ${batchSize}`);
}

/** Null when the class-balanced rule fills this split's batches; else why it cannot and what is done instead. */
export function fillNote(classes: Int32Array, batchSize: number): string | null {
  checkBatchSize(batchSize);
  const c = composition(classes, batchSize);
  if (!needsFill(c)) return null;
  const why =
    c.pairs === 0
      ? `a batch of ${batchSize} is too small for the class-balanced rule (it needs at least 4 recipes for one same-class pair)`
      : `the class-balanced rule needs ${c.pairs} same-class pairs and ${c.background} background recipes per batch of ${batchSize}, ` +
        `and the split has ${c.hasPairs} same-class pairs and ${c.hasBackground} background recipes in all`;
  return `${why}: each batch takes the same-class pairs left (up to ${c.pairs}) and is filled up with recipes drawn uniformly from the unused ones`;
}

export function trainBatches(classes: Int32Array, batchSize: number, rng: Random): number[][] {
  checkBatchSize(batchSize);
  const { background, classed } = pools(classes);
  const shuffled = classed.map((p) => rng.shuffle(p));
  const c = composition(classes, batchSize);
  if (needsFill(c)) return filledBatches(classes.length, shuffled, batchSize, c.pairs, rng);
  const pairsLeft = Float64Array.from(shuffled, (p) => Math.floor(p.length / 2));
  let totalPairs = c.hasPairs;
  rng.shuffle(background);
  const taken = new Int32Array(shuffled.length); // recipes used per class
  let bgNext = 0;
  const batches: number[][] = [];
  while (bgNext + c.background <= background.length && totalPairs >= c.pairs) {
    const batch = background.slice(bgNext, bgNext + c.background);
    bgNext += c.background;
    for (let p = 0; p < c.pairs; p++) {
      const k = rng.weighted(pairsLeft);
      batch.push(shuffled[k][taken[k]], shuffled[k][taken[k] + 1]);
      taken[k] += 2;
      pairsLeft[k]--;
      totalPairs--;
    }
    batches.push(batch);
  }
  return batches;
}

/** The filled batches of the module comment; `classed` holds each class's recipes, shuffled. */
function filledBatches(n: number, classed: number[][], batchSize: number, maxPairs: number, rng: Random): number[][] {
  const order = rng.permutation(n);
  const used = new Uint8Array(n);
  const classOf = new Int32Array(n).fill(-1);
  classed.forEach((p, k) => p.forEach((i) => (classOf[i] = k)));
  const unusedInClass = Int32Array.from(classed, (p) => p.length);
  const next = new Int32Array(classed.length); // first possibly unused position in each class's list
  let nextInOrder = 0;
  let unused = n;
  const take = (i: number, batch: number[]): void => {
    used[i] = 1;
    unused--;
    if (classOf[i] >= 0) unusedInClass[classOf[i]]--;
    batch.push(i);
  };
  const takeFromClass = (k: number, batch: number[]): void => {
    while (used[classed[k][next[k]]]) next[k]++;
    take(classed[k][next[k]], batch);
  };
  const batches: number[][] = [];
  while (unused >= batchSize) {
    const batch: number[] = [];
    for (let p = 0; p < maxPairs; p++) {
      const pairsLeft = Float64Array.from(unusedInClass, (u) => Math.floor(u / 2));
      if (!pairsLeft.some((x) => x > 0)) break;
      const k = rng.weighted(pairsLeft);
      takeFromClass(k, batch);
      takeFromClass(k, batch);
    }
    while (batch.length < batchSize) {
      while (used[order[nextInOrder]]) nextInOrder++;
      take(order[nextInOrder], batch);
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
