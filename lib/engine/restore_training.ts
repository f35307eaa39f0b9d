/** Loads checkpoint `tag` of an experiment into a freshly built model, loss and optimizer. */
import type * as tf from '@tensorflow/tfjs';
import { CheckpointMismatchError, loadModelVariables, loadOptimizer, readEngineState, type EngineState } from './checkpoint.js';

/** The names a checkpoint stores: the model's, then the loss's under `criterion.`. */
export function checkpointVariables(model: Map<string, tf.Variable>, criterion: Map<string, tf.Variable>): Map<string, tf.Variable> {
  const all = new Map(model);
  for (const [name, v] of criterion) all.set(`criterion.${name}`, v);
  return all;
}

/** Reads that may meet a save in progress by another process: each retry reads the commit record again. */
const ATTEMPTS = 3;

/** Restores the variables (and, when given, the optimizer) of `<dir>/ckpt_<tag>_*`; returns the engine state. */
export async function restoreTraining(
  dir: string,
  tag: string,
  model: Map<string, tf.Variable>,
  criterion: Map<string, tf.Variable>,
  optimizer: tf.Optimizer | null,
): Promise<EngineState> {
  for (let attempt = 1; ; attempt++) {
    try {
      const state = readEngineState(dir, tag);
      loadModelVariables(dir, tag, checkpointVariables(model, criterion), state.token);
      if (optimizer) await loadOptimizer(dir, tag, optimizer, state.token);
      return state;
    } catch (err) {
      if (!(err instanceof CheckpointMismatchError) || attempt === ATTEMPTS) throw err;
    }
  }
}
