/**
 * The `model.criterion` options. Defaults are the paper's AdaMine
 * configuration (docs/method.md §4.8): instance + semantic triplets, margin 0.3,
 * semantic weight 0.1, adaptive reduction. The option files
 * options/{pairwise,…,infonce}.yaml change only what differs.
 */
import { num, str, type Section } from '../engine/schema.js';
import { namesOf, PARTS } from './parts.js';

export const LOSS_NAMES = namesOf(PARTS.name);
export type LossName = (typeof LOSS_NAMES)[number];
export const REDUCTIONS = namesOf(PARTS.reduction);
export type ReductionName = (typeof REDUCTIONS)[number];
export const MINERS = namesOf(PARTS.miner);
export type MinerName = (typeof MINERS)[number];
export const SEMANTIC_POSITIVES = namesOf(PARTS.semantic_positives);
export type SemanticPositives = (typeof SEMANTIC_POSITIVES)[number];

export interface CriterionOptions {
  /** Which loss: triplet (IRR/RII [+ SIRR/SRII]), pairwise (cosine embedding + classification), lifted_struct, infonce. */
  name: LossName;
  /** How a term's per-triplet (per-pair) costs become one number. */
  reduction: ReductionName;
  /** Which negatives a triplet term uses: all, or semi-hard ones (d(a,n) > d(a,p)). */
  miner: MinerName;
  /** α of the triplet and lifted losses, in cosine distance. */
  margin: number;
  /** Weight of each semantic triplet term (SIRR, SRII); 0: no semantic terms. */
  semantic_weight: number;
  /**
   * Positives of a semantic triplet's anchor: `first`, the method's one
   * positive, the first other item of its class in batch order; `all`, every
   * other item of its class (a class of k members then weighs k − 1 times
   * more per anchor, and the loss is not the paper's).
   */
  semantic_positives: SemanticPositives;
  /** Pairwise: a matched pair costs [d − pos_margin]+. */
  pos_margin: number;
  /** Pairwise: a mismatched pair costs [neg_margin − d]+ (PyTorch's cosine margin m is neg_margin = 1 − m). */
  neg_margin: number;
  /** Pairwise: share of mismatched pairs in the pair distribution. */
  mismatch_fraction: number;
  /** Pairwise: weight of the retrieval (pair) part. */
  retrieval_weight: number;
  /** Pairwise: weight of each of the two classification terms (cross-entropy over classed items; background ignored). */
  classification_weight: number;
  /** InfoNCE: initial temperature (learned). */
  temperature: number;
}

export const criterionSchema: Section = {
  name: str('triplet', 'loss family', { choices: LOSS_NAMES }),
  reduction: str('adaptive', 'triplet/pair cost reduction: mean (avg), hardest (VSE++ max), adaptive (AdaMine)', { choices: REDUCTIONS }),
  miner: str('all', 'negatives of each triplet: all other items, or semi-hard ones (d(a,n) > d(a,p))', { choices: MINERS }),
  margin: num(0.3, 'margin α of the triplet and lifted losses (cosine distance)', { min: 0 }),
  semantic_weight: num(0.1, 'weight of each semantic triplet term (SIRR, SRII); 0 disables them', { min: 0 }),
  semantic_positives: str('first', "semantic triplets per anchor: 'first' other same-class item in batch order (the paper), or 'all' of them", {
    choices: SEMANTIC_POSITIVES,
  }),
  pos_margin: num(0, 'pairwise: matched pairs cost [d - pos_margin]+', { min: 0, max: 2 }),
  // im2recipe's CosineEmbeddingLoss(margin 0.1) in distance form: [cos - 0.1]+ = [0.9 - d]+.
  neg_margin: num(0.9, 'pairwise: mismatched pairs cost [neg_margin - d]+ (= 1 - cosine margin)', { min: 0, max: 2 }),
  mismatch_fraction: num(0.8, 'pairwise: share of mismatched pairs', { min: 0, max: 1 }),
  retrieval_weight: num(0.98, 'pairwise: weight of the pair (retrieval) loss', { min: 0 }),
  classification_weight: num(0.01, 'pairwise: weight of each classification term (image, recipe; background items ignored)', { min: 0 }),
  temperature: num(0.07, 'infonce: initial temperature (learned, kept >= 0.01)', { min: 0.01 }),
};
