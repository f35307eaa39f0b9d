/**
 * AdaMine's training step with its phases timed apart: forward (embed both
 * modalities + loss, no gradient), forward+backward (the gradients and the
 * loss read back) and optimizer (global-norm clipping at 8, the update and
 * its logged size, docs/method.md §7), with tfjs's Adam or FusedAdam. The
 * step is the engine's own (lib/engine/train_step.ts), so the bench times
 * what training runs. The wasm backend runs synchronously, so wall time
 * around each call is the compute time; a dataSync closes each phase
 * anyway.
 */
import * as tf from '@tensorflow/tfjs';
import type { PairBatch } from '../lib/data/batch.js';
import { buildCriterion, criterionSchema, disposeTerms, type Criterion, type TermResult } from '../lib/losses/index.js';
import { defaults } from '../lib/options/index.js';
import { AdaMine, type NetworkOptions } from '../lib/model/index.js';
import { FusedAdam } from '../lib/engine/fused_adam.js';
import { lossOf, trainStep } from '../lib/engine/train_step.js';

export interface StepTimes {
  forwardMs: number;
  forwardBackwardMs: number;
  optimizerMs: number;
}

export class TimedTrainer {
  readonly model: AdaMine;
  readonly criterion: Criterion;
  private optimizer: tf.Optimizer = tf.train.adam(1e-4);
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

  /** Replaces tfjs's Adam by FusedAdam (what `optimizer.name adam` trains with), with fresh moments. */
  useFusedAdam(): void {
    this.optimizer.dispose();
    this.optimizer = new FusedAdam(1e-4);
  }

  /** Forward only; returns its milliseconds. */
  forward(batch: PairBatch): number {
    const t0 = performance.now();
    let terms: TermResult[] = [];
    const total = tf.tidy(() => {
      const out = lossOf(this.model, this.criterion, batch, this.model.embedImages(batch), this.model.embedRecipes(batch));
      terms = out.terms;
      return out.total;
    });
    total.dataSync();
    const ms = performance.now() - t0;
    total.dispose();
    disposeTerms(terms);
    return ms;
  }

  /** One training step as the engine takes it; returns its phase times except the separate forward. */
  step(batch: PairBatch): { forwardBackwardMs: number; optimizerMs: number; loss: number } {
    const t0 = performance.now();
    let t1 = NaN;
    const { loss } = trainStep(this.model, this.criterion, this.optimizer, this.variables, batch, this.clipNorm, () => {
      t1 = performance.now();
    });
    const t2 = performance.now();
    return { forwardBackwardMs: t1 - t0, optimizerMs: t2 - t1, loss };
  }

  dispose(): void {
    this.model.dispose();
    this.criterion.dispose();
    this.optimizer.dispose();
  }
}
