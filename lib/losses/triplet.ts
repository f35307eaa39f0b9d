/**
 * Triplet terms (docs/method.md §4.2, §4.3): IRR (image anchors, recipe positives/negatives)
 * and RII (recipe anchors), plus the semantic SIRR/SRII when
 * semantic_weight > 0 (one positive per anchor unless semantic_positives
 * says `all`). cost = [d(a, p) − d(a, n) + α]+.
 */
import * as tf from '@tensorflow/tfjs';
import { instanceTriplets, semanticTriplets, semiHard, type Triplets } from './miners.js';
import type { CriterionOptions } from './options.js';
import { costTerm, type TermResult } from './terms.js';

/** The costs [M] of triplets read from an [N, N] distance matrix. */
export function tripletCosts(distances: tf.Tensor2D, t: Triplets, margin: number): tf.Tensor1D {
  return tf.tidy(() => {
    const flat = tf.reshape(distances, [-1]);
    const dp = tf.gather(flat, tf.tensor1d(t.positives, 'int32'));
    const dn = tf.gather(flat, tf.tensor1d(t.negatives, 'int32'));
    return tf.relu(tf.add(tf.sub(dp, dn), margin)) as tf.Tensor1D;
  });
}

function term(name: string, weight: number, distances: tf.Tensor2D, triplets: Triplets, opts: CriterionOptions): TermResult {
  const mined = opts.miner === 'semi_hard' ? semiHard(triplets, distances.dataSync()) : triplets;
  const costs = mined.anchors.length > 0 ? tripletCosts(distances, mined, opts.margin) : tf.zeros([0]) as tf.Tensor1D;
  return costTerm(name, weight, costs, mined.anchors, opts.reduction, distances);
}

/** imageToRecipe: [N, N] d(image_i, recipe_j); classes [N]. */
export function tripletTerms(imageToRecipe: tf.Tensor2D, classes: Int32Array, opts: CriterionOptions): TermResult[] {
  const recipeToImage = tf.transpose(imageToRecipe) as tf.Tensor2D;
  const instance = instanceTriplets(classes.length);
  const terms = [term('IRR', 1, imageToRecipe, instance, opts), term('RII', 1, recipeToImage, instance, opts)];
  if (opts.semantic_weight > 0) {
    const semantic = semanticTriplets(classes, opts.semantic_positives);
    terms.push(term('SIRR', opts.semantic_weight, imageToRecipe, semantic, opts));
    terms.push(term('SRII', opts.semantic_weight, recipeToImage, semantic, opts));
  }
  return terms;
}
