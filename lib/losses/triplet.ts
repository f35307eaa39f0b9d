/**
 * Triplet terms (docs/method.md §4.2, §4.3): IRR (image anchors, recipe
 * positives/negatives) and RII (recipe anchors), plus the semantic
 * SIRR/SRII when semantic_weight > 0. Each term's candidates go through the
 * miner, then cost [d(a, p) − d(a, n) + α]+ (in the distance's own
 * direction), then the reducer.
 */
import * as tf from '@tensorflow/tfjs';
import { intrusion, type Distance } from './distances/distance.js';
import type { LossFamily } from './loss.js';
import { instanceTriplets } from './miners/instance.js';
import type { Triplets } from './miners/miner.js';
import { semanticTriplets } from './miners/semantic.js';
import type { Costs } from './reducers/reducer.js';
import { costTerm } from './terms.js';

/** The unreduced costs [M] of triplets read from an [N, N] distance matrix. */
export function tripletCosts(distances: tf.Tensor2D, t: Triplets, distance: Distance, margin: number): Costs {
  const costs = (values: tf.Tensor1D): Costs => ({ values, anchors: t.anchors, source: distances });
  if (t.anchors.length === 0) return costs(tf.zeros([0]));
  const flat = tf.reshape(distances, [-1]);
  const dp = tf.gather(flat, tf.tensor1d(t.positives, 'int32'));
  const dn = tf.gather(flat, tf.tensor1d(t.negatives, 'int32'));
  return costs(tf.relu(tf.add(intrusion(distance, dp, dn), margin)) as tf.Tensor1D);
}

export const triplet: LossFamily = (opts, { distance, miner, reducer, semanticPositives }) => ({
  needsSemanticHead: false,
  variables: [],
  terms(input, classes) {
    const imageToRecipe = distance.matrix(input.images, input.recipes);
    const recipeToImage = tf.transpose(imageToRecipe) as tf.Tensor2D;
    const term = (name: string, weight: number, distances: tf.Tensor2D, candidates: Triplets) =>
      costTerm(name, weight, tripletCosts(distances, miner(candidates, distances, distance), distance, opts.margin), reducer);
    const instance = instanceTriplets(classes.length);
    const terms = [term('IRR', 1, imageToRecipe, instance), term('RII', 1, recipeToImage, instance)];
    if (opts.semantic_weight > 0) {
      const semantic = semanticTriplets(classes, semanticPositives);
      terms.push(term('SIRR', opts.semantic_weight, imageToRecipe, semantic));
      terms.push(term('SRII', opts.semantic_weight, recipeToImage, semantic));
    }
    return terms;
  },
});
