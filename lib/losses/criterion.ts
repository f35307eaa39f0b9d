/**
 * buildCriterion: options → a loss callable on two embedding tensors and
 * class ids, without a model, assembled from the parts the options name
 * (parts.ts). total = Σ weight·loss / number of terms (docs/method.md §4.7).
 * This is the interface the engine trains with; see terms.ts for how to read
 * the terms after a gradient call.
 */
import * as tf from '@tensorflow/tfjs';
import type { CriterionOptions } from './options.js';
import { lookup, PARTS, type Parts } from './parts.js';
import { keepTerms, summarizeTerms, type TermResult, type TermStats } from './terms.js';

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
  /** Kept through any enclosing tidy scope (tf.variableGrads'): pass to summarize or disposeTerms. */
  terms: TermResult[];
}

export interface Criterion {
  readonly options: CriterionOptions;
  /** Whether compute() needs imageLogits/recipeLogits (the model must build its semantic head). */
  readonly needsSemanticHead: boolean;
  /** Trainable variables of the loss itself (InfoNCE's temperature), by checkpoint name; train them with the model's. */
  readonly namedVariables: Map<string, tf.Variable>;
  compute(input: CriterionInput): CriterionOutput;
  /** Reads the numbers of compute()'s terms and disposes their tensors. */
  summarize(terms: readonly TermResult[]): TermStats[];
  dispose(): void;
}

function checkInput(input: CriterionInput): Int32Array {
  const [N, D] = input.images.shape;
  const [Nr, Dr] = input.recipes.shape;
  if (N !== Nr || D !== Dr) throw new Error(`criterion: images [${N}, ${D}] and recipes [${Nr}, ${Dr}] differ in shape`);
  if (input.classes.shape[0] !== N) throw new Error(`criterion: ${input.classes.shape[0]} classes for ${N} pairs`);
  if (N < 1) throw new Error('criterion: empty batch');
  return Int32Array.from(input.classes.dataSync());
}

/** `parts`: the table to take them from; another one only to try a part out before it gets its entry. */
export function buildCriterion(opts: CriterionOptions, parts: Parts = PARTS): Criterion {
  const family = lookup(parts, 'name', opts.name);
  const loss = family(opts, {
    // No option picks the distance: the paper has one.
    distance: lookup(parts, 'distance', 'cosine'),
    miner: lookup(parts, 'miner', opts.miner),
    reducer: lookup(parts, 'reduction', opts.reduction),
    semanticPositives: lookup(parts, 'semantic_positives', opts.semantic_positives),
  });
  return {
    options: opts,
    needsSemanticHead: loss.needsSemanticHead,
    // Stable checkpoint names by position.
    namedVariables: new Map(loss.variables.map((v, i) => [`variable_${i}`, v])),
    compute(input: CriterionInput): CriterionOutput {
      const classes = checkInput(input);
      let kept: TermResult[] = [];
      const total = tf.tidy(() => {
        kept = keepTerms(loss.terms(input, classes));
        const weighted = kept.map((t) => tf.mul(t.loss, t.weight));
        return tf.div(tf.addN(weighted), kept.length) as tf.Scalar;
      });
      return { total, terms: kept };
    },
    summarize: summarizeTerms,
    dispose(): void {
      tf.dispose([...loss.variables]);
    },
  };
}
