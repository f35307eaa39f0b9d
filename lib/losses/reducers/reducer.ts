/**
 * Reducers: how one term's costs become its loss (docs/method.md §4.4), as
 * in pytorch-metric-learning. A loss hands over the unreduced, non-negative
 * costs with the anchor of each; `reduceCosts` counts the active (non-zero)
 * ones and applies the reducer, and a term without any cost gets a zero
 * still attached to the graph, so its gradient is 0 rather than missing.
 */
import * as tf from '@tensorflow/tfjs';

export interface Costs {
  /** [M] non-negative costs of the term's triplets (pairs, items). */
  values: tf.Tensor1D;
  /** [M] the anchor of each cost; `hardest` groups by it. */
  anchors: Int32Array;
  /** A tensor of the graph the costs were read from: an empty term's zero is taken from it. */
  source: tf.Tensor;
}

/** [M > 0] costs and their anchors → the term's loss. */
export type Reducer = (values: tf.Tensor1D, anchors: Int32Array) => tf.Scalar;

export interface Reduced {
  loss: tf.Scalar;
  /** Number of non-zero costs (outside the gradient path). */
  active: tf.Scalar;
  /** M, the number of costs. */
  count: number;
}

/** The number of non-zero costs; sign() has a zero gradient, so it never feeds back. */
export function activeCount(values: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.sign(values));
}

export function reduceCosts(reducer: Reducer, costs: Costs): Reduced {
  const count = costs.values.shape[0];
  if (count === 0) return { loss: tf.mul(tf.sum(costs.source), 0) as tf.Scalar, active: tf.scalar(0), count };
  return { loss: reducer(costs.values, costs.anchors), active: activeCount(costs.values), count };
}
