/**
 * Ranking bags on several threads. The counting pass of ranks.ts splits by
 * query rows (countAbove over [r0, r1), merged by ranksFromCounts, near
 * ties settled inside each part exactly as in one pass), and what unitBag
 * prepares is row by row too (unit rows, each true match's settled score).
 * So a bag's rows are gathered once into shared memory, each thread
 * prepares a range of rows in place, then counts a range of query rows
 * with its own similarity engine. The ranks are those of rankOfMatches
 * whatever the split: every row is prepared and every comparison decided by
 * the same code.
 */
import type { DotProductEngine } from './dot_products.js';
import { settlingDot } from './near_ties.js';
import { normalizeRows } from './normalize.js';
import { countAbove, ranksFromCounts, type AboveCounts, type BagRanks, type UnitBag } from './ranks.js';
import type { RetrievalInput } from './retrieval.js';

/** One bag in SharedArrayBuffers: [count, dim] images and recipes (raw, then unit rows once prepared), [count] settled match scores. */
export interface SharedBag {
  count: number;
  dim: number;
  images: SharedArrayBuffer;
  recipes: SharedArrayBuffer;
  match: SharedArrayBuffer;
}

/** The rows `indices` of both matrices of `input`, copied into a new shared bag. */
export function gatherSharedBag(input: RetrievalInput, indices: readonly number[]): SharedBag {
  const { dim } = input;
  const count = indices.length;
  const bag: SharedBag = {
    count,
    dim,
    images: new SharedArrayBuffer(count * dim * 4),
    recipes: new SharedArrayBuffer(count * dim * 4),
    match: new SharedArrayBuffer(count * 8),
  };
  for (const [from, into] of [
    [input.images, new Float32Array(bag.images)],
    [input.recipes, new Float32Array(bag.recipes)],
  ] as const) {
    indices.forEach((r, i) => into.set(from.subarray(r * dim, (r + 1) * dim), i * dim));
  }
  return bag;
}

function views(bag: SharedBag): UnitBag {
  return { count: bag.count, dim: bag.dim, images: new Float32Array(bag.images), recipes: new Float32Array(bag.recipes), match: new Float64Array(bag.match) };
}

/** unitBag's work for rows [r0, r1), in place: both matrices' rows to unit norm, then those rows' true-match scores. */
export function prepareSharedRows(bag: SharedBag, r0: number, r1: number): void {
  const v = views(bag);
  const { dim } = bag;
  for (const [x, what] of [
    [v.images, 'rankOfMatches images'],
    [v.recipes, 'rankOfMatches recipes'],
  ] as const) {
    const rows = x.subarray(r0 * dim, r1 * dim);
    try {
      rows.set(normalizeRows(rows, r1 - r0, dim, what));
    } catch (err) {
      // normalizeRows numbers the rows of the range: say which row of the bag it was.
      throw new Error((err as Error).message.replace(/row (\d+)/, (_, r: string) => `row ${r0 + Number(r)}`));
    }
  }
  for (let i = r0; i < r1; i++) v.match[i] = settlingDot(v.images, i, v.recipes, i, dim);
}

/** The counts of query rows [r0, r1) of a prepared bag, with `dot` computing the similarity blocks. */
export function countSharedRows(bag: SharedBag, r0: number, r1: number, blockRows: number, dot: DotProductEngine): AboveCounts {
  const v = views(bag);
  const dots = dot(v.images, v.recipes, v.dim);
  try {
    return countAbove(dots, v, r0, r1, blockRows);
  } finally {
    dots.dispose();
  }
}

/** Threads that prepare and count row ranges of shared bags: one range each, in the order given. */
export interface RowCounters {
  readonly countingThreads: number;
  prepareRows(bag: SharedBag, ranges: readonly [number, number][]): Promise<void>;
  countRows(bag: SharedBag, ranges: readonly [number, number][], blockRows: number): Promise<AboveCounts[]>;
}

/** Query rows per similarity block, as in rankOfMatches. */
const BLOCK_ROWS = 1000;

/**
 * rankOfMatches of every bag, with the work of each shared among
 * `counters`' threads (equal ranges of rows); the next bag is gathered
 * while the threads count the current one.
 */
export async function rankBagsOnThreads(counters: RowCounters, input: RetrievalInput, bags: readonly number[][]): Promise<BagRanks[]> {
  const out: BagRanks[] = [];
  let next = bags.length ? gatherSharedBag(input, bags[0]) : null;
  for (let b = 0; b < bags.length; b++) {
    const bag = next as SharedBag;
    const parts = Math.min(counters.countingThreads, bag.count);
    const ranges = Array.from({ length: parts }, (_, k) => [Math.floor((bag.count * k) / parts), Math.floor((bag.count * (k + 1)) / parts)] as [number, number]);
    await counters.prepareRows(bag, ranges);
    const counting = counters.countRows(bag, ranges, BLOCK_ROWS);
    next = b + 1 < bags.length ? gatherSharedBag(input, bags[b + 1]) : null;
    out.push(ranksFromCounts(bag.count, await counting));
  }
  return out;
}
