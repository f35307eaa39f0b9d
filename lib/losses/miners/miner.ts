/**
 * Triplets and the miners that select among them. A triplet (a, p, n) is
 * stored as flat indices into the [N, N] anchor × other-modality distance
 * matrix: positive a*N + p, negative a*N + n. The candidate sets
 * (instance.ts, semantic.ts) come from the batch's labels alone; a miner
 * (the `model.criterion.miner` table) then keeps some of them by looking at
 * the distances. Both work on plain arrays: which triplets exist is data,
 * not something to differentiate.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Distance } from '../distances/distance.js';

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

/** Keeps some of the candidate triplets; `distances` [N, N] is the matrix their indices point into. */
export type Miner = (candidates: Triplets, distances: tf.Tensor2D, distance: Distance) => Triplets;

export function tripletsOf(a: readonly number[], p: readonly number[], n: readonly number[], size: number): Triplets {
  return { anchors: Int32Array.from(a), positives: Int32Array.from(p), negatives: Int32Array.from(n), size };
}
