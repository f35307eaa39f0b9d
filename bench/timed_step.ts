/**
 * A training step of AdaMine with its phases timed apart: forward (embed
 * both modalities + loss, no gradient), forward+backward
 * (tf.variableGrads), optimizer (global-norm clipping at 8 + Adam 1e-4,
 * docs/method.md §7: tfjs's Adam, as the engine uses, or FusedAdam). The wasm backend runs synchronously, so wall time around each
 * call is the compute time; a dataSync closes each phase anyway.
 */
import * as tf from '@tensorflow/tfjs';
import type { PairBatch } from '../lib/data/batch.js';
import { buildCriterion, criterionSchema, disposeTerms, type Criterion, type TermResult } from '../lib/losses/index.js';
import { defaults } from '../lib/options/index.js';
import { AdaMine, type NetworkOptions } from '../lib/model/index.js';
import { FusedAdam } from '../lib/engine/fused_adam.js';
import { measureUpdate } from '../lib/engine/train_step.js';

export interface StepTimes {
  forwardMs: number;
  forwardBackwardMs: number;
  optimizerMs: number;
}

export class TimedTrainer {
  readonly model: AdaMine;
  readonly criterion: Criterion;
  private optimizer: tf.AdamOptimizer = tf.train.adam(1e-4);
  private readonly variables: tf.Variable[];
  private readonly clipNorm = 8;

  constructor(
    readonly options: NetworkOptions,
    dims: { vocabSize: number; nClasses: number; featureDim: number; sentenceDim: number },
    seed: number,
  ) {
    this.criterion = buildCriterion(defaults(criterionSchema));
    this.model = new AdaMine(options, { ...dims, semanticHead: this.criterion.needsSemanticHead }, seed);
    this.variables = [...this.model.trainableVariables(), ...this.criterion.namedVariables.values()];
  }

  /** Replaces tfjs's Adam (the engine's) by FusedAdam, with fresh moments. */
  useFusedAdam(): void {
    this.optimizer.dispose();
    this.optimizer = new FusedAdam(1e-4);
  }

  private loss(batch: PairBatch): { total: tf.Scalar; terms: TermResult[] } {
    const classes = tf.tensor1d(batch.classes, 'int32');
    return this.criterion.compute({ images: this.model.embedImages(batch), recipes: this.model.embedRecipes(batch), classes });
  }

  /** Forward only; returns its milliseconds. */
  forward(batch: PairBatch): number {
    const t0 = performance.now();
    let terms: TermResult[] = [];
    const total = tf.tidy(() => {
      const out = this.loss(batch);
      terms = out.terms;
      return out.total;
    });
    total.dataSync();
    const ms = performance.now() - t0;
    total.dispose();
    disposeTerms(terms);
    return ms;
  }

  /** One full step (gradients, clipping, Adam); returns its phase times except the separate forward. */
  step(batch: PairBatch): { forwardBackwardMs: number; optimizerMs: number; loss: number } {
    const t0 = performance.now();
    let terms: TermResult[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const out = this.loss(batch);
      terms = out.terms;
      return out.total;
    }, this.variables);
    const loss = value.dataSync()[0];
    const t1 = performance.now();
    const present = this.variables.filter((v) => grads[v.name] !== undefined);
    const norm = tf.tidy(() => tf.sqrt(tf.addN(present.map((v) => tf.sum(tf.square(grads[v.name]))))).dataSync()[0]);
    const scale = norm > this.clipNorm ? this.clipNorm / norm : 1;
    const optimizer = this.optimizer;
    // The update size (||Δθ||, ||θ||) is measured as the engine logs it, and counts in the optimizer phase.
    measureUpdate(present, () => true, () => {
      if (optimizer instanceof FusedAdam && optimizer.constructor === FusedAdam) {
        optimizer.gradientScale = scale;
        optimizer.applyGradients(present.map((v) => ({ name: v.name, tensor: grads[v.name] })));
      } else {
        tf.tidy(() => {
          optimizer.applyGradients(present.map((v) => ({ name: v.name, tensor: scale === 1 ? grads[v.name] : tf.mul(grads[v.name], scale) })));
        });
      }
    });
    const t2 = performance.now();
    value.dispose();
    tf.dispose(Object.values(grads));
    disposeTerms(terms);
    if (!Number.isFinite(loss) || !Number.isFinite(norm)) throw new Error(`bench step: non-finite loss ${loss} or gradient norm ${norm}`);
    return { forwardBackwardMs: t1 - t0, optimizerMs: t2 - t1, loss };
  }

  dispose(): void {
    this.model.dispose();
    this.criterion.dispose();
    this.optimizer.dispose();
  }
}
