/**
 * tfjs's Adam with its per-variable update done by one kernel
 * (ADAM_UPDATE_KERNEL, lib/backend/native_addon.ts) where the backend has it (wasm with
 * the native addon built), and tfjs's own update elsewhere. Same state (moment variables named
 * `<var>/m`, `<var>/v`, the beta accumulators, iterations), so
 * getWeights/setWeights and checkpoints are unchanged. Clipping is the
 * training step's (train_step.ts): the gradients come here already scaled.
 *
 * A drop-in for `tf.train.adam(lr)`: `new FusedAdam(lr)`.
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE_KERNEL, type AdamUpdateAttrs } from '../backend/index.js';

/** The AdamOptimizer fields this class shares with its parent (private in tfjs's typings). */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

export class FusedAdam extends tf.AdamOptimizer {
  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null) {
    super(learningRate, beta1, beta2, epsilon as number);
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const list = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    if (!tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend())) {
      tf.tidy(() => super.applyGradients(list));
      return;
    }
    const s = this as unknown as AdamState;
    const attrs: AdamUpdateAttrs = {
      lr: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      // 1 − β^t in float32, as tfjs's Adam computes it.
      c1: Math.fround(1 - s.accBeta1.dataSync()[0]),
      c2: Math.fround(1 - s.accBeta2.dataSync()[0]),
      scale: 1,
    };
    list.forEach(({ name, tensor: grad }, i) => {
      const value = tf.engine().registeredVariables[name];
      if (!value) throw new Error(`FusedAdam: no variable named '${name}'`);
      s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      if (grad === null || grad === undefined) return;
      const m = s.accumulatedFirstMoment[i].variable;
      const v = s.accumulatedSecondMoment[i].variable;
      const [x1, m1, v1] = tf.engine().runKernel<tf.Tensor[]>(ADAM_UPDATE_KERNEL, { value, grad, m, v }, { ...attrs });
      value.assign(x1);
      m.assign(m1);
      v.assign(v1);
      tf.dispose([x1, m1, v1]);
    });
    tf.tidy(() => {
      s.accBeta1.assign(tf.mul(s.accBeta1, this.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
