/**
 * A loss family, the entries of the `model.criterion.name` table: built
 * from the options and the parts they pick (parts.ts), it turns a batch's
 * embeddings into weighted terms. It makes tensors without tidying them:
 * `Criterion.compute` owns the one tidy scope around it.
 */
import type * as tf from '@tensorflow/tfjs';
import type { CriterionInput } from './criterion.js';
import type { Distance } from './distances/distance.js';
import type { Miner } from './miners/miner.js';
import type { CriterionOptions } from './options.js';
import type { Reducer } from './reducers/reducer.js';
import type { TermResult } from './terms.js';

/** The parts the options picked, looked up once. */
export interface LossParts {
  distance: Distance;
  /** Triplet losses: which candidate triplets are kept. */
  miner: Miner;
  /** How a term's costs become its loss (`model.criterion.reduction`). */
  reducer: Reducer;
  /** Triplet losses: positives per semantic anchor (`model.criterion.semantic_positives`). */
  semanticPositives: number;
}

export interface Loss {
  /** Whether terms() needs imageLogits/recipeLogits (the model must build its semantic head). */
  readonly needsSemanticHead: boolean;
  /** Trainable variables of the loss itself (InfoNCE's temperature). */
  readonly variables: readonly tf.Variable[];
  /** `classes`: input.classes read once, [N]. */
  terms(input: CriterionInput, classes: Int32Array): TermResult[];
}

export type LossFamily = (opts: CriterionOptions, parts: LossParts) => Loss;
