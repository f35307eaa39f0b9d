/**
 * The main thread's optimizer (the engine's: FusedAdam or tfjs's SGD with
 * momentum) seen by the replicas: its update rule and settings, and its
 * state moved into the shared buffers before the replicas' first step and
 * back before a checkpoint, so checkpoints hold the same optimizer state as
 * in one process. The state is positional, as tfjs keeps it: entry i of
 * each list belongs to the i-th trained variable (`<var>/m`, `<var>/v`,
 * `<var>/momentum`), and entries are created at zero on first use.
 */
import * as tf from '@tensorflow/tfjs';
import { float32Values } from '../../backend/index.js';
import type { FlatLayout } from './layout.js';
import { ACC_BETA1, ACC_BETA2, ITERATIONS, tensorFromShared, type SharedState } from './shared_memory.js';
import type { SharedRule } from './shared_optimizer.js';

type Entry = { originalName: string; variable: tf.Variable };

/** The optimizer fields used here (private or protected in tfjs's typings). */
interface OptimizerInternals {
  learningRate: number;
  iterations_: number;
  // Adam
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Entry[];
  accumulatedSecondMoment: Entry[];
  // Momentum
  momentum: number;
  useNesterov: boolean;
  accumulations: Entry[];
}

export function sharedRule(optimizer: tf.Optimizer): SharedRule {
  const o = optimizer as unknown as OptimizerInternals;
  switch (optimizer.getClassName()) {
    case 'Adam':
      return { kind: 'adam', lr: o.learningRate, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon };
    case 'Momentum':
      return { kind: 'momentum', lr: o.learningRate, momentum: o.momentum, nesterov: o.useNesterov };
    default:
      throw new Error(`engine.workers > 1 trains with optimizer.name adam or sgd; this run's optimizer is a ${optimizer.getClassName()}`);
  }
}

/** The positional state lists of the optimizer, each with its name suffix and the shared generations it maps to. */
function stateLists(optimizer: tf.Optimizer, state: SharedState): { entries: Entry[]; suffix: string; shared: Float32Array[] }[] {
  const o = optimizer as unknown as OptimizerInternals;
  return optimizer.getClassName() === 'Adam'
    ? [
        { entries: o.accumulatedFirstMoment, suffix: 'm', shared: state.firstMoments },
        { entries: o.accumulatedSecondMoment, suffix: 'v', shared: state.secondMoments },
      ]
    : [{ entries: o.accumulations, suffix: 'momentum', shared: state.firstMoments }];
}

/** Writes the optimizer's state for the `trained` variables (checkpoint names, in its order) into the current shared generation. */
export function writeOptimizerState(optimizer: tf.Optimizer, trained: readonly string[], layout: FlatLayout, state: SharedState): void {
  const current = state.current;
  for (const { entries, shared } of stateLists(optimizer, state)) {
    trained.forEach((name, i) => {
      const slot = layout.byName.get(name);
      if (!slot) return;
      const e = entries[i];
      if (e) shared[current].set(float32Values(e.variable), slot.offset);
      else shared[current].fill(0, slot.offset, slot.offset + slot.size);
    });
  }
  const o = optimizer as unknown as OptimizerInternals;
  if (optimizer.getClassName() === 'Adam') {
    state.numbers[ACC_BETA1] = o.accBeta1.dataSync()[0];
    state.numbers[ACC_BETA2] = o.accBeta2.dataSync()[0];
  }
  Atomics.store(state.control, ITERATIONS, optimizer.iterations);
}

/** Sets the optimizer's state for the `trained` variables from the current shared generation; `variables` gives each name's main variable. */
export function readOptimizerState(optimizer: tf.Optimizer, trained: readonly string[], variables: Map<string, tf.Variable>, layout: FlatLayout, state: SharedState): void {
  const current = state.current;
  for (const { entries, suffix, shared } of stateLists(optimizer, state)) {
    trained.forEach((name, i) => {
      const slot = layout.byName.get(name);
      const v = variables.get(name);
      if (!slot || !v) return;
      const values = tensorFromShared(shared[current].subarray(slot.offset, slot.offset + slot.size), slot.shape);
      if (entries[i]) entries[i].variable.assign(values);
      else entries[i] = { originalName: `${v.name}/${suffix}`, variable: tf.variable(values, false) };
      values.dispose();
    });
  }
  const o = optimizer as unknown as OptimizerInternals;
  if (optimizer.getClassName() === 'Adam') {
    tf.tidy(() => {
      o.accBeta1.assign(tf.scalar(state.numbers[ACC_BETA1]));
      o.accBeta2.assign(tf.scalar(state.numbers[ACC_BETA2]));
    });
  }
  o.iterations_ = Atomics.load(state.control, ITERATIONS);
}
