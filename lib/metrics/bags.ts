/**
 * Bag sampling for the retrieval protocol (docs/method.md §8.1). Two conventions:
 * - `disjoint` (the default): consecutive, non-overlapping slices of one
 *   seeded permutation of the split, so no pair is evaluated twice; needs
 *   n >= nbBags x perBag (the 10k setup needs 50,000 pairs).
 * - `independent`: each bag an independent random sample (without
 *   replacement within a bag) of the whole split, the other common
 *   convention; bags may overlap.
 */
import { Random } from '../util/random.js';

export type BagProtocol = 'disjoint' | 'independent';
export const BAG_PROTOCOLS: readonly BagProtocol[] = ['disjoint', 'independent'];

/** Seeds used when none is given: the project seed (docs/method.md §7) and the other convention's. */
export const DEFAULT_BAG_SEEDS: Readonly<Record<BagProtocol, number>> = { disjoint: 1338, independent: 1234 };

export interface BagOptions {
  nbBags: number;
  perBag: number;
  protocol: BagProtocol;
  seed: number;
}

/** nbBags lists of perBag distinct indices into 0..n-1. */
export function sampleBags(n: number, opts: BagOptions): number[][] {
  const { nbBags, perBag, protocol, seed } = opts;
  if (!Number.isInteger(nbBags) || nbBags < 1) throw new Error(`sampleBags: nb_bags must be a positive integer, got ${nbBags}`);
  if (!Number.isInteger(perBag) || perBag < 1) {
    throw new Error(`sampleBags: nb_matchs_per_bag must be a positive integer, got ${perBag}`);
  }
  const rng = new Random(seed);
  if (protocol === 'disjoint') {
    if (n < nbBags * perBag) {
      throw new Error(
        `sampleBags: protocol 'disjoint' needs nb_bags x nb_matchs_per_bag = ${nbBags} x ${perBag} = ${nbBags * perBag} pairs, ` +
          `but the split has n = ${n}; lower nb_bags or nb_matchs_per_bag, or use protocol 'independent'`,
      );
    }
    const perm = rng.permutation(n);
    return Array.from({ length: nbBags }, (_, b) => perm.slice(b * perBag, (b + 1) * perBag));
  }
  if (protocol === 'independent') {
    if (n < perBag) {
      throw new Error(`sampleBags: protocol 'independent' needs nb_matchs_per_bag = ${perBag} <= n, but the split has n = ${n}`);
    }
    return Array.from({ length: nbBags }, () => partialShuffle(n, perBag, rng));
  }
  throw new Error(`sampleBags: protocol must be one of ${BAG_PROTOCOLS.join(', ')}, got '${String(protocol)}'`);
}

/** The first k items of a seeded Fisher-Yates shuffle of 0..n-1: k distinct indices. */
function partialShuffle(n: number, k: number, rng: Random): number[] {
  const items = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return Array.from(items.subarray(0, k));
}
