/**
 * The optimizer the options ask for: `adam` is FusedAdam (tfjs's Adam state,
 * one fused update kernel where the backend has it); `sgd` is tfjs's SGD
 * with momentum, whose state is one accumulator per trained variable
 * (`<var>/momentum`, kept by position like Adam's moments) plus the step
 * count. Both go through getWeights/setWeights, which is what checkpoints
 * save and restore (checkpoint.ts).
 *
 * tfjs's momentum update: a ← m·a + g, then θ ← θ − lr·a (Nesterov:
 * θ ← θ − lr·(g + m·a)); with m = 0 it is plain SGD, θ ← θ − lr·g.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerOptions } from './engine_options.js';
import { FusedAdam } from './fused_adam.js';

export function buildOptimizer(options: Pick<OptimizerOptions, 'name' | 'lr' | 'momentum' | 'nesterov'>): tf.Optimizer {
  switch (options.name) {
    case 'adam':
      return new FusedAdam(options.lr);
    case 'sgd':
      return tf.train.momentum(options.lr, options.momentum, options.nesterov);
  }
}

/** The optimizer.name that builds an optimizer of this tfjs class (checkpoints record the class). */
export function optimizerNameOf(className: string): string {
  return className === 'Adam' ? 'adam' : className === 'Momentum' ? 'sgd' : className;
}
