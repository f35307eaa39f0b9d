/**
 * One optimisation step: embeddings, logits when the loss needs the
 * semantic head, the loss; gradients of every trained variable; the global
 * gradient norm (logged before clipping); a finiteness check BEFORE any
 * parameter moves; clipping; Adam. And the matching forward-only pass for
 * evaluation.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncodedBatch } from '../data/types.js';
import type { EmbeddingModel, LossOutput, TermSummary, TrainingCriterion } from './parts.js';

export interface StepResult {
  loss: number;
  terms: TermSummary[];
  /** Global L2 norm of the gradients, before clipping. */
  gradNorm: number;
}

export interface ForwardResult {
  loss: number;
  terms: TermSummary[];
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

/** The loss of a batch from its embeddings (with the semantic head's logits when the loss needs them); only `batch.classes` is read. */
export function lossOf(model: EmbeddingModel, criterion: TrainingCriterion, batch: EncodedBatch, images: tf.Tensor2D, recipes: tf.Tensor2D): LossOutput {
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
 * state order: keep it stable across steps and resumes).
 */
export function trainStep(
  model: EmbeddingModel,
  criterion: TrainingCriterion,
  optimizer: tf.Optimizer,
  variables: readonly tf.Variable[],
  batch: EncodedBatch,
  clipNorm: number | null,
): StepResult {
  let terms: unknown[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const out = lossOf(model, criterion, batch, model.embedImages(batch), model.embedRecipes(batch));
    terms = out.terms;
    return out.total;
  }, [...variables]);
  try {
    const loss = value.dataSync()[0];
    const summary = criterion.summarize(terms);
    const present = variables.map((v) => grads[v.name]).filter((g): g is tf.Tensor => g !== undefined);
    const gradNorm = tf.tidy(() => tf.sqrt(tf.addN(present.map((g) => tf.sum(tf.square(g))))).dataSync()[0]);
    if (!Number.isFinite(loss)) throw new NonFiniteLossError('loss', loss);
    if (!Number.isFinite(gradNorm)) throw new NonFiniteLossError('gradient norm', gradNorm);
    const scale = clipNorm !== null && gradNorm > clipNorm ? clipNorm / gradNorm : 1;
    tf.tidy(() => {
      // Array form, in `variables` order: Adam keys its moments by position. A variable
      // without a gradient this step passes null, which leaves its moments untouched.
      const list = variables.map((v) => {
        const g = grads[v.name];
        return { name: v.name, tensor: (g === undefined ? null : scale === 1 ? g : tf.mul(g, scale)) as tf.Tensor };
      });
      optimizer.applyGradients(list);
    });
    return { loss, terms: summary, gradNorm };
  } finally {
    value.dispose();
    tf.dispose(Object.values(grads));
  }
}

/** Forward pass without gradients: loss, terms and the embeddings as plain arrays. */
export function forwardStep(model: EmbeddingModel, criterion: TrainingCriterion, batch: EncodedBatch): ForwardResult {
  let terms: unknown[] = [];
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
