/**
 * What a loss needs of a distance: its [N, M] matrix, and which way is
 * closer. The comparisons below are the only place that asks, so no loss
 * or miner branches on it.
 */
import * as tf from '@tensorflow/tfjs';

export interface Distance {
  /** Larger values mean closer (a similarity), rather than farther. */
  readonly inverted: boolean;
  /** [N, D] × [M, D] → [N, M], entry [i, j] between a_i and b_j. */
  matrix(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D;
}

/**
 * How far the negative intrudes on the anchor compared with the positive:
 * d(a, p) − d(a, n) for a distance, s(a, n) − s(a, p) for a similarity.
 * A triplet of margin α costs [intrusion + α]+.
 */
export function intrusion(distance: Distance, toPositive: tf.Tensor, toNegative: tf.Tensor): tf.Tensor {
  return distance.inverted ? tf.sub(toNegative, toPositive) : tf.sub(toPositive, toNegative);
}

/** Whether the value `a` lies farther from the anchor than `b`. */
export function isFarther(distance: Distance, a: number, b: number): boolean {
  return distance.inverted ? a < b : a > b;
}
