/** `reduction: hardest` (VSE++ "max"): per anchor its largest cost, then the mean over the anchors that have costs. */
import * as tf from '@tensorflow/tfjs';
import type { Reducer } from './reducer.js';

export const hardest: Reducer = (values, anchors) => {
  const byAnchor = new Map<number, number[]>();
  anchors.forEach((a, m) => {
    const list = byAnchor.get(a);
    if (list) list.push(m);
    else byAnchor.set(a, [m]);
  });
  const groups = [...byAnchor.values()];
  const width = Math.max(...groups.map((g) => g.length));
  // Short groups are padded with index M, a 0 appended to the costs: costs are >= 0, so it never wins.
  const M = values.shape[0];
  const index = new Int32Array(groups.length * width).fill(M);
  groups.forEach((g, r) => index.set(g, r * width));
  const padded = tf.concat([values, tf.zeros([1])]);
  const table = tf.reshape(tf.gather(padded, tf.tensor1d(index, 'int32')), [groups.length, width]);
  return tf.mean(tf.max(table, 1)) as tf.Scalar;
};
