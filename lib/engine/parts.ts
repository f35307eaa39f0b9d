/**
 * What the engine needs from the model and the data, as small interfaces:
 * the engine never imports a concrete model, the run builds it from the
 * options and hands it over. The loss it trains with is lib/losses'
 * `Criterion`.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ImageBatch, PairBatch, RecipeBatch } from '../data/batch.js';

export interface EmbeddingModel {
  /** [B, D] unit rows. */
  embedRecipes(batch: RecipeBatch): tf.Tensor2D;
  /** [B, D] unit rows. */
  embedImages(batch: ImageBatch): tf.Tensor2D;
  /** [B, nClasses] or null without a semantic head. */
  classify(emb: tf.Tensor2D): tf.Tensor2D | null;
  /** Stable names → variables: what a checkpoint holds. */
  namedVariables(): Map<string, tf.Variable>;
  /** The variables to train (every one, from the first epoch: there is no backbone to unfreeze). */
  trainableVariables(): tf.Variable[];
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
  load(indices: ArrayLike<number>, epoch: number, batchIndex: number): PairBatch;
}
