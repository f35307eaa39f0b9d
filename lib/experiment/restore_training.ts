/** Loads checkpoint `tag` of an experiment into a freshly built model, loss and optimizer. */
import type * as tf from '@tensorflow/tfjs';
import { checkpointVariables } from '../engine/named_variables.js';
import { CheckpointMismatchError, loadModelVariables, loadOptimizer, readEngineState, type EngineState } from './checkpoint.js';

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
