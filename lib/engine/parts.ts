/**
 * What the engine needs from the model, the loss and the data, as small
 * interfaces: the engine never imports a concrete model or loss, the run
 * (run.ts) builds them from the options and hands them over.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EncodedBatch } from '../data/types.js';
import type { TermStats } from '../losses/index.js';

export interface EmbeddingModel {
  /** [B, D] unit rows. */
  embedRecipes(batch: EncodedBatch): tf.Tensor2D;
  /** [B, D] unit rows. */
  embedImages(batch: EncodedBatch): tf.Tensor2D;
  /** [B, nClasses] or null without a semantic head. */
  classify(emb: tf.Tensor2D): tf.Tensor2D | null;
  /** Stable names → variables: what a checkpoint holds. */
  namedVariables(): Map<string, tf.Variable>;
  /** The variables to train; `backboneToo` from optimizer.switch_epoch on. */
  trainableVariables(backboneToo?: boolean): tf.Variable[];
}

/** One term of the loss, summarised for the logs. */
export type TermSummary = TermStats;

export interface LossInput {
  images: tf.Tensor2D;
  recipes: tf.Tensor2D;
  classes: tf.Tensor1D;
  imageLogits?: tf.Tensor2D;
  recipeLogits?: tf.Tensor2D;
}

export interface LossOutput {
  total: tf.Scalar;
  /** Per-term tensors, kept alive through tf.variableGrads' scope; `summarize` reads and disposes them. */
  terms: unknown[];
}

export interface TrainingCriterion {
  compute(input: LossInput): LossOutput;
  readonly needsSemanticHead: boolean;
  /** Trained parameters of the loss itself (e.g. a learned temperature), by name. */
  readonly namedVariables: Map<string, tf.Variable>;
  /** Reads the numbers of `compute`'s terms and disposes their tensors. */
  summarize(terms: unknown[]): TermSummary[];
}

/** The batches of one split, reproducible from (epoch, batch index). */
export interface BatchSource {
  readonly split: string;
  /** Pairs in the split. */
  readonly size: number;
  /** Pairs per batch (the last evaluation batch may be shorter). */
  readonly batchSize: number;
  /** Training only: how the batches depart from the class-balanced rule for this split, said once per run (null: they do not). */
  readonly note?: string | null;
  /** The index lists of the batches of `epoch`. */
  plan(epoch: number): ArrayLike<number>[];
  /** Reads one batch; the image pick depends only on (epoch, batchIndex). */
  load(indices: ArrayLike<number>, epoch: number, batchIndex: number): EncodedBatch;
}
