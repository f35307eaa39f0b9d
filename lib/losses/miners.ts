/**
 * Triplet selection. A triplet (a, p, n) is stored as flat indices into the
 * [N, N] anchor × other-modality distance matrix: positive a*N + p,
 * negative a*N + n. Miners work on plain arrays: which triplets exist is
 * data, not something to differentiate.
 */
import type { SemanticPositives } from './options.js';

export interface Triplets {
  /** Anchor row of each triplet [M]. */
  anchors: Int32Array;
  /** Flat index a*N + p of each triplet's positive distance [M]. */
  positives: Int32Array;
  /** Flat index a*N + n of each triplet's negative distance [M]. */
  negatives: Int32Array;
  /** N: rows of the distance matrix. */
  size: number;
}

function fromLists(a: number[], p: number[], n: number[], size: number): Triplets {
  return { anchors: Int32Array.from(a), positives: Int32Array.from(p), negatives: Int32Array.from(n), size };
}

/** IRR/RII: anchor i, its own match i, every other item j ≠ i as a negative. */
export function instanceTriplets(size: number): Triplets {
  const a: number[] = [];
  const p: number[] = [];
  const n: number[] = [];
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (j === i) continue;
      a.push(i);
      p.push(i * size + i);
      n.push(i * size + j);
    }
  }
  return fromLists(a, p, n, size);
}

/**
 * SIRR/SRII, over classed items only (class ≠ 0, in all three roles). For
 * anchor i the positive is, with `first` (the method), the first other item
 * of its class in batch order; with `all`, every other item of its class.
 * The negatives are every item of another non-background class. An anchor
 * alone of its class in the batch has no positive, hence no triplet.
 */
export function semanticTriplets(classes: ArrayLike<number>, positives: SemanticPositives = 'first'): Triplets {
  const size = classes.length;
  const a: number[] = [];
  const p: number[] = [];
  const n: number[] = [];
  for (let i = 0; i < size; i++) {
    const c = classes[i];
    if (c === 0) continue;
    for (let j = 0; j < size; j++) {
      if (j === i || classes[j] !== c) continue;
      for (let k = 0; k < size; k++) {
        if (classes[k] === 0 || classes[k] === c) continue;
        a.push(i);
        p.push(i * size + j);
        n.push(i * size + k);
      }
      if (positives === 'first') break;
    }
  }
  return fromLists(a, p, n, size);
}

/** Keeps the triplets whose negative is farther than the positive: d(a, n) > d(a, p). */
export function semiHard(t: Triplets, distances: ArrayLike<number>): Triplets {
  const keep: number[] = [];
  for (let m = 0; m < t.anchors.length; m++) if (distances[t.negatives[m]] > distances[t.positives[m]]) keep.push(m);
  const pick = (x: Int32Array) => Int32Array.from(keep, (m) => x[m]);
  return { anchors: pick(t.anchors), positives: pick(t.positives), negatives: pick(t.negatives), size: t.size };
}
