/**
 * Reductions of one term's non-negative costs [M] to a scalar (docs/method.md §4.4).
 * `anchors` groups the costs for `hardest`. M must be > 0 (terms without
 * any triplet are handled by the caller).
 */
import * as tf from '@tensorflow/tfjs';
import type { ReductionName } from './options.js';

/** The number of non-zero costs; sign() has a zero gradient, so it never feeds back. */
export function activeCount(costs: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.sign(costs)));
}

/** mean ("avg"): the mean over all triplets, zeros included. */
export function meanReduction(costs: tf.Tensor1D): tf.Scalar {
  return tf.mean(costs);
}

/** adaptive (AdaMine): sum / number of non-zero costs; exactly 0, still on the graph, when none is active. */
export function adaptiveReduction(costs: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(costs), tf.maximum(activeCount(costs), 1)));
}

/** hardest (VSE++ "max"): per anchor its largest cost, then the mean over anchors that have triplets. */
export function hardestReduction(costs: tf.Tensor1D, anchors: Int32Array): tf.Scalar {
  return tf.tidy(() => {
    const byAnchor = new Map<number, number[]>();
    anchors.forEach((a, m) => {
      const list = byAnchor.get(a);
      if (list) list.push(m);
      else byAnchor.set(a, [m]);
    });
    const groups = [...byAnchor.values()];
    const width = Math.max(...groups.map((g) => g.length));
    // Short groups are padded with index M, a 0 appended to the costs: costs are >= 0, so it never wins.
    const M = costs.shape[0];
    const index = new Int32Array(groups.length * width).fill(M);
    groups.forEach((g, r) => index.set(g, r * width));
    const padded = tf.concat([costs, tf.zeros([1])]);
    const table = tf.reshape(tf.gather(padded, tf.tensor1d(index, 'int32')), [groups.length, width]);
    return tf.mean(tf.max(table, 1));
  });
}

export function reduce(kind: ReductionName, costs: tf.Tensor1D, anchors: Int32Array): tf.Scalar {
  switch (kind) {
    case 'mean':
      return meanReduction(costs);
    case 'hardest':
      return hardestReduction(costs, anchors);
    case 'adaptive':
      return adaptiveReduction(costs);
  }
}
