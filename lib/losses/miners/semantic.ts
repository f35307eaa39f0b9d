/**
 * The candidates of SIRR/SRII (docs/method.md §4.3), over classed items
 * only (class ≠ 0, in all three roles). For anchor i the positives are the
 * other items of its class in batch order, at most `perAnchor` of them (the
 * `model.criterion.semantic_positives` table: `first` is the method's one,
 * `all` every one). The negatives are every item of another
 * non-background class. An anchor alone of its class in the batch has no
 * positive, hence no triplet.
 */
import { tripletsOf, type Triplets } from './miner.js';

/** Positives per anchor, by `model.criterion.semantic_positives`. */
export const POSITIVES_PER_ANCHOR = { first: 1, all: Infinity } as const;

export function semanticTriplets(classes: ArrayLike<number>, perAnchor: number = POSITIVES_PER_ANCHOR.first): Triplets {
  const size = classes.length;
  const a: number[] = [];
  const p: number[] = [];
  const n: number[] = [];
  for (let i = 0; i < size; i++) {
    const c = classes[i];
    if (c === 0) continue;
    let positives = 0;
    for (let j = 0; j < size && positives < perAnchor; j++) {
      if (j === i || classes[j] !== c) continue;
      positives++;
      for (let k = 0; k < size; k++) {
        if (classes[k] === 0 || classes[k] === c) continue;
        a.push(i);
        p.push(i * size + j);
        n.push(i * size + k);
      }
    }
  }
  return tripletsOf(a, p, n, size);
}
