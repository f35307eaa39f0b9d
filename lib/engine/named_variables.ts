/** The trained variables by stable name: what a checkpoint stores and what the replicas lay out in shared memory. */
import type * as tf from '@tensorflow/tfjs';

/** The model's names, then the loss's under `criterion.`. */
export function checkpointVariables(model: Map<string, tf.Variable>, criterion: Map<string, tf.Variable>): Map<string, tf.Variable> {
  const all = new Map(model);
  for (const [name, v] of criterion) all.set(`criterion.${name}`, v);
  return all;
}
