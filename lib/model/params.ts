/**
 * Owns the tf.Variables of one model. TensorFlow.js variable names are
 * global, so each store gets a unique prefix, while callers (checkpoints)
 * see stable local names such as `recipe.ingredients.fw.kernel`.
 * Initial values are drawn from the project's seeded Random so that a seed
 * fixes them, whatever the backend.
 */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../util/random.js';

let storeCounter = 0;

export class ParamStore {
  private readonly prefix: string;
  private readonly vars = new Map<string, tf.Variable>();
  readonly rng: Random;

  constructor(seed: number) {
    this.prefix = `adamine_${storeCounter++}/`;
    this.rng = new Random(seed);
  }

  /** Registers a variable initialised with `values` (row-major, `shape`). */
  add(name: string, shape: number[], values: Float32Array): tf.Variable {
    if (this.vars.has(name)) throw new Error(`ParamStore: variable '${name}' is defined twice`);
    const v = tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true, this.prefix + name));
    this.vars.set(name, v);
    return v;
  }

  /** Glorot/Xavier uniform, limit sqrt(6 / (fanIn + fanOut)) for a [fanIn, fanOut] kernel. */
  glorot(name: string, fanIn: number, fanOut: number): tf.Variable {
    return this.add(name, [fanIn, fanOut], this.uniform(fanIn * fanOut, Math.sqrt(6 / (fanIn + fanOut))));
  }

  constant(name: string, shape: number[], value: number): tf.Variable {
    return this.add(name, shape, new Float32Array(shape.reduce((p, s) => p * s, 1)).fill(value));
  }

  uniform(n: number, limit: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.rng.uniform(-limit, limit);
    return out;
  }

  named(): Map<string, tf.Variable> {
    return new Map(this.vars);
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
