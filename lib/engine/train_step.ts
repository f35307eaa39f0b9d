/**
 * One optimisation step: embeddings, logits when the loss needs the
 * semantic head, the loss; gradients of every trained variable; the global
 * gradient norm (logged before clipping); a finiteness check BEFORE any
 * parameter moves; clipping; the optimizer's update; the size of the update
 * it applied. And the matching forward-only pass for evaluation.
 *
 * The update size tells the reduction's effect from the optimizer's: a
 * gradient uniformly smaller by a factor moves SGD's parameters that much
 * less, while Adam's per-parameter rescaling largely cancels it. It is
 * measured, not derived from the optimizer's formula: the values before
 * the step are kept (tf.clone shares the buffer: the optimizers assign new
 * tensors, never write in place); after the step ||θ_after − θ_before|| is
 * one norm, ||θ_before|| one more (about 2 ms, 1% of a step, at the demo widths).
 */
import * as tf from '@tensorflow/tfjs';
import type { PairBatch } from '../data/batch.js';
import type { Criterion, CriterionOutput, TermResult, TermStats } from '../losses/index.js';
import type { EmbeddingModel } from './parts.js';

export interface StepResult {
  loss: number;
  terms: TermStats[];
  /** Global L2 norm of the gradients, before clipping. */
  gradNorm: number;
  /** Global L2 norm of the parameter change the step applied, ||Δθ||. */
  updateNorm: number;
  /** ||Δθ|| / ||θ|| (θ before the step), over the trained variables. */
  updateRatio: number;
}

export interface ForwardResult {
  loss: number;
  terms: TermStats[];
  /** [B, D] row-major. */
  images: Float32Array;
  recipes: Float32Array;
  dim: number;
}

/** A non-finite loss or gradient: the step was not applied. */
export class NonFiniteLossError extends Error {
  constructor(readonly what: 'loss' | 'gradient norm', readonly value: number) {
    super(`the ${what} is ${value}`);
    this.name = 'NonFiniteLossError';
  }
}

/** The loss of a batch from its embeddings, with the semantic head's logits when the loss needs them; only `batch.classes` is read. */
export function lossOf(model: EmbeddingModel, criterion: Criterion, batch: PairBatch, images: tf.Tensor2D, recipes: tf.Tensor2D): CriterionOutput {
  const classes = tf.tensor1d(batch.classes, 'int32');
  const logits = criterion.needsSemanticHead
    ? { imageLogits: model.classify(images) ?? undefined, recipeLogits: model.classify(recipes) ?? undefined }
    : {};
  if (criterion.needsSemanticHead && (!logits.imageLogits || !logits.recipeLogits)) {
    throw new Error('the loss needs the semantic head (model.criterion) but the model was built without one');
  }
  return criterion.compute({ images, recipes, classes, ...logits });
}

/**
 * Runs one training step on `variables` (their order is the optimizer's
 * state order: keep it stable across steps and resumes). `onGradients` is
 * called once the gradients are computed and the loss read, before the
 * norm, clipping and update: the bench times the two phases of this very
 * step there (bench/timed_step.ts).
 */
export function trainStep(
  model: EmbeddingModel,
  criterion: Criterion,
  optimizer: tf.Optimizer,
  variables: readonly tf.Variable[],
  batch: PairBatch,
  clipNorm: number | null,
  onGradients?: () => void,
): StepResult {
  let terms: TermResult[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const out = lossOf(model, criterion, batch, model.embedImages(batch), model.embedRecipes(batch));
    terms = out.terms;
    return out.total;
  }, [...variables]);
  try {
    const loss = value.dataSync()[0];
    onGradients?.();
    const summary = criterion.summarize(terms);
    const present = variables.map((v) => grads[v.name]).filter((g): g is tf.Tensor => g !== undefined);
    const gradNorm = tf.tidy(() => tf.sqrt(tf.addN(present.map((g) => tf.sum(tf.square(g))))).dataSync()[0]);
    if (!Number.isFinite(loss)) throw new NonFiniteLossError('loss', loss);
    if (!Number.isFinite(gradNorm)) throw new NonFiniteLossError('gradient norm', gradNorm);
    const scale = clipNorm !== null && gradNorm > clipNorm ? clipNorm / gradNorm : 1;
    const { updateNorm, paramNorm } = measureUpdate(variables, (v) => grads[v.name] !== undefined, () =>
      tf.tidy(() => {
        // Array form, in `variables` order: Adam keys its moments by position. A variable
        // without a gradient this step passes null, which leaves its moments untouched.
        const list = variables.map((v) => {
          const g = grads[v.name];
          return { name: v.name, tensor: (g === undefined ? null : scale === 1 ? g : tf.mul(g, scale)) as tf.Tensor };
        });
        optimizer.applyGradients(list);
      }),
    );
    return { loss, terms: summary, gradNorm, updateNorm, updateRatio: updateNorm / paramNorm };
  } finally {
    value.dispose();
    tf.dispose(Object.values(grads));
  }
}

/**
 * Runs `apply` (an optimizer step on `variables`) and returns
 * ||θ_after − θ_before|| over the variables `moved` selects (the others had
 * no gradient, so no update) and ||θ_before|| over all of them. The bench
 * times its steps through this too.
 */
export function measureUpdate(variables: readonly tf.Variable[], moved: (v: tf.Variable) => boolean, apply: () => void): { updateNorm: number; paramNorm: number } {
  const before = variables.map((v) => tf.clone(v));
  try {
    apply();
    const [updateNorm, paramNorm] = tf.tidy(() => {
      // squaredDifference: the difference and its square in one pass.
      const changed = variables.flatMap((v, i) => (moved(v) ? [tf.sum(tf.squaredDifference(v, before[i]))] : []));
      const update = changed.length ? tf.addN(changed) : tf.scalar(0);
      return tf.sqrt(tf.stack([update, tf.addN(before.map((b) => tf.sum(tf.square(b))))])).dataSync();
    });
    return { updateNorm, paramNorm };
  } finally {
    tf.dispose(before);
  }
}

/** Forward pass without gradients: loss, terms and the embeddings as plain arrays. */
export function forwardStep(model: EmbeddingModel, criterion: Criterion, batch: PairBatch): ForwardResult {
  let terms: TermResult[] = [];
  const [total, images, recipes] = tf.tidy(() => {
    const im = model.embedImages(batch);
    const rc = model.embedRecipes(batch);
    const out = lossOf(model, criterion, batch, im, rc);
    terms = out.terms;
    return [out.total, im, rc];
  });
  try {
    const summary = criterion.summarize(terms);
    return {
      loss: total.dataSync()[0],
      terms: summary,
      images: images.dataSync() as Float32Array,
      recipes: recipes.dataSync() as Float32Array,
      dim: images.shape[1],
    };
  } finally {
    tf.dispose([total, images, recipes]);
  }
}
