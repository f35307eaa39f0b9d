/**
 * The pairwise baselines (docs/method.md §4.5, §10.5): a cosine embedding loss on matched
 * pairs (I_i, R_i) and mismatched pairs (I_i, R_j), j ≠ i, each pair with
 * its own target, and the configured margins applied:
 *   matched    [d − pos_margin]+   (PWC: pos_margin 0, i.e. 1 − cos)
 *   mismatched [neg_margin − d]+   (PWC: neg_margin 0.9, i.e. [cos − 0.1]+)
 * The matched term reports `inside_margin`, the share of matched pairs with
 * d < pos_margin (always 0 for PWC).
 * Rather than sampling 80 % mismatched pairs, every pair of the batch is
 * scored and the two terms are weighted by the pair distribution
 * (retrieval_weight × (1 − f) and × f): the same loss in expectation,
 * without sampling noise. Plus a cross-entropy per modality on the shared
 * semantic head (classification_weight each) over the classed items
 * (background, class 0, is ignored).
 */
import * as tf from '@tensorflow/tfjs';
import { cosine } from './distances/cosine.js';
import type { LossFamily } from './loss.js';
import type { CriterionOptions } from './options.js';
import { mean } from './reducers/mean.js';
import type { Reducer } from './reducers/reducer.js';
import { costTerm, type TermResult } from './terms.js';

const ordinals = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

function pairTerms(imageToRecipe: tf.Tensor2D, opts: CriterionOptions, reducer: Reducer): TermResult[] {
  const N = imageToRecipe.shape[0];
  const flat = tf.reshape(imageToRecipe, [-1]);
  const matchIdx: number[] = [];
  const mismatchIdx: number[] = [];
  const mismatchAnchor: number[] = [];
  for (let i = 0; i < N; i++) {
    matchIdx.push(i * N + i);
    for (let j = 0; j < N; j++) {
      if (j === i) continue;
      mismatchIdx.push(i * N + j);
      mismatchAnchor.push(i);
    }
  }
  const pick = (idx: number[]) => tf.gather(flat, tf.tensor1d(idx, 'int32')) as tf.Tensor1D;
  const matched = pick(matchIdx);
  const pos = tf.relu(tf.sub(matched, opts.pos_margin)) as tf.Tensor1D;
  const neg = mismatchIdx.length > 0 ? (tf.relu(tf.sub(opts.neg_margin, pick(mismatchIdx))) as tf.Tensor1D) : (tf.zeros([0]) as tf.Tensor1D);
  const f = opts.mismatch_fraction;
  // Inside the margin a matched pair costs nothing and gets no gradient; while no pair is, PWC++'s
  // matched term is PWC's minus the constant pos_margin, and the two train identically.
  const insideMargin = tf.mean(tf.cast(tf.less(matched, opts.pos_margin), 'float32')) as tf.Scalar;
  return [
    { ...costTerm('pos', opts.retrieval_weight * (1 - f), { values: pos, anchors: ordinals(N), source: imageToRecipe }, reducer), probes: { inside_margin: insideMargin } },
    costTerm('neg', opts.retrieval_weight * f, { values: neg, anchors: Int32Array.from(mismatchAnchor), source: imageToRecipe }, reducer),
  ];
}

/**
 * Mean cross-entropy of logits [N, C] against classes [N] over the classed
 * items only: background (class 0) has no label to learn, as in the
 * original's ignore_index 0 (its logit still takes part in each softmax).
 * A batch without a classed item gives 0 with a zero gradient.
 */
export function classificationTerm(name: string, weight: number, logits: tf.Tensor2D, classes: Int32Array): TermResult {
  const C = logits.shape[1];
  for (const c of classes) if (c < 0 || c >= C) throw new Error(`${name}: class ${c} is outside the semantic head's ${C} classes`);
  const classed = Int32Array.from(classes.keys()).filter((i) => classes[i] !== 0);
  const perItem = (): tf.Tensor1D => {
    const rows = tf.gather(logits, tf.tensor1d(classed, 'int32'));
    const labels = tf.oneHot(tf.tensor1d(Int32Array.from(classed, (i) => classes[i]), 'int32'), C);
    return tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(rows)), 1)) as tf.Tensor1D;
  };
  const values = classed.length === 0 ? (tf.zeros([0]) as tf.Tensor1D) : perItem();
  return costTerm(name, weight, { values, anchors: ordinals(classed.length), source: logits }, mean);
}

/** Its margins are cosine distances (a matched pair costs 1 − cos): it takes no other distance. */
export const pairwise: LossFamily = (opts, { reducer }) => ({
  needsSemanticHead: true,
  variables: [],
  terms(input, classes) {
    if (!input.imageLogits || !input.recipeLogits) throw new Error('criterion pairwise: needs imageLogits and recipeLogits (the semantic head)');
    return [
      ...pairTerms(cosine.matrix(input.images, input.recipes), opts, reducer),
      classificationTerm('cls_image', opts.classification_weight, input.imageLogits, classes),
      classificationTerm('cls_recipe', opts.classification_weight, input.recipeLogits, classes),
    ];
  },
});
