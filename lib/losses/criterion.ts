/**
 * buildCriterion: options → a loss callable on two embedding tensors and
 * class ids, without a model. total = Σ weight·loss / number of terms
 * (docs/method.md §4.7). See terms.ts for how to read the terms after a gradient call.
 */
import * as tf from '@tensorflow/tfjs';
import { cosineDistance } from './distance.js';
import { infonceTerms, temperatureVariable } from './infonce.js';
import { liftedTerm } from './lifted_struct.js';
import { LOSS_NAMES, MINERS, REDUCTIONS, SEMANTIC_POSITIVES, type CriterionOptions } from './options.js';
import { classificationTerm, pairTerms } from './pairwise.js';
import { keepTerms, type TermResult } from './terms.js';
import { tripletTerms } from './triplet.js';

export interface CriterionInput {
  /** [N, D] image embeddings; row i matches recipe i. */
  images: tf.Tensor2D;
  /** [N, D] recipe embeddings. */
  recipes: tf.Tensor2D;
  /** [N] int32 class ids, 0 = background. */
  classes: tf.Tensor1D;
  /** [N, C] semantic-head logits of the images (pairwise only). */
  imageLogits?: tf.Tensor2D;
  /** [N, C] semantic-head logits of the recipes (pairwise only). */
  recipeLogits?: tf.Tensor2D;
}

export interface CriterionOutput {
  total: tf.Scalar;
  /** Kept tensors: pass to summarizeTerms or disposeTerms. */
  terms: TermResult[];
}

export interface Criterion {
  readonly options: CriterionOptions;
  /** Whether compute() needs imageLogits/recipeLogits (the model must build its semantic head). */
  readonly needsSemanticHead: boolean;
  /** Trainable variables of the loss itself (InfoNCE's temperature); train them with the model's. */
  readonly variables: tf.Variable[];
  compute(input: CriterionInput): CriterionOutput;
  dispose(): void;
}

function checkChoice(field: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw new Error(`model.criterion.${field}: '${value}' is not one of ${allowed.join(', ')}`);
}

function checkInput(input: CriterionInput): Int32Array {
  const [N, D] = input.images.shape;
  const [Nr, Dr] = input.recipes.shape;
  if (N !== Nr || D !== Dr) throw new Error(`criterion: images [${N}, ${D}] and recipes [${Nr}, ${Dr}] differ in shape`);
  if (input.classes.shape[0] !== N) throw new Error(`criterion: ${input.classes.shape[0]} classes for ${N} pairs`);
  if (N < 1) throw new Error('criterion: empty batch');
  return Int32Array.from(input.classes.dataSync());
}

export function buildCriterion(opts: CriterionOptions): Criterion {
  checkChoice('name', opts.name, LOSS_NAMES);
  checkChoice('reduction', opts.reduction, REDUCTIONS);
  checkChoice('miner', opts.miner, MINERS);
  checkChoice('semantic_positives', opts.semantic_positives, SEMANTIC_POSITIVES);
  const needsSemanticHead = opts.name === 'pairwise';
  const temperature = opts.name === 'infonce' ? temperatureVariable(opts.temperature) : null;

  const terms = (input: CriterionInput, classes: Int32Array): TermResult[] => {
    const d = cosineDistance(input.images, input.recipes);
    switch (opts.name) {
      case 'triplet':
        return tripletTerms(d, classes, opts);
      case 'lifted_struct':
        return [liftedTerm(d, opts.margin)];
      case 'infonce':
        return infonceTerms(d, temperature as tf.Variable);
      case 'pairwise': {
        if (!input.imageLogits || !input.recipeLogits) throw new Error('criterion pairwise: needs imageLogits and recipeLogits (the semantic head)');
        return [
          ...pairTerms(d, opts),
          classificationTerm('cls_image', opts.classification_weight, input.imageLogits, classes),
          classificationTerm('cls_recipe', opts.classification_weight, input.recipeLogits, classes),
        ];
      }
    }
  };

  return {
    options: opts,
    needsSemanticHead,
    variables: temperature ? [temperature] : [],
    compute(input: CriterionInput): CriterionOutput {
      const classes = checkInput(input);
      let kept: TermResult[] = [];
      const total = tf.tidy(() => {
        kept = keepTerms(terms(input, classes));
        const weighted = kept.map((t) => tf.mul(t.loss, t.weight));
        return tf.div(tf.addN(weighted), kept.length) as tf.Scalar;
      });
      return { total, terms: kept };
    },
    dispose(): void {
      temperature?.dispose();
    },
  };
}
