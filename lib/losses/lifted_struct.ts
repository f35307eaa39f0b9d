/**
 * Lifted structured loss (Oh Song et al. 2016) on the cross-modal cosine
 * distance matrix D[i, j] = d(I_i, R_j). The positive pairs are (I_i, R_i);
 * the negatives of the pair are the other recipes of image i (row i) and the
 * other images of recipe i (column i):
 *   J_i = log( Σ_{k≠i} exp(α − D[i,k]) + Σ_{l≠i} exp(α − D[l,i]) ) + D[i,i]
 *   L   = 1/(2N) Σ_i [J_i]+²
 * normalised by 2N (docs/method.md §10.3: the original multiplied by N).
 */
import * as tf from '@tensorflow/tfjs';
import { cosine } from './distances/cosine.js';
import type { LossFamily } from './loss.js';
import { mean } from './reducers/mean.js';
import { costTerm, type TermResult } from './terms.js';

/** Masks the diagonal out of a log-sum-exp: exp(x − 1e9) is exactly 0 in float32. */
const EXCLUDED = -1e9;

export function liftedTerm(imageToRecipe: tf.Tensor2D, margin: number): TermResult {
  const N = imageToRecipe.shape[0];
  const noDiagonal = tf.mul(tf.eye(N), EXCLUDED);
  const scores = tf.add(tf.sub(margin, imageToRecipe), noDiagonal); // [N, N], row i: negatives of image i
  const both = tf.concat([scores, tf.transpose(scores)], 1); // [N, 2N]: row i, then column i
  const J = tf.add(tf.logSumExp(both, 1), tf.reshape(tf.mul(imageToRecipe, tf.eye(N)).sum(1), [N]));
  const perPair = tf.relu(J) as tf.Tensor1D;
  const anchors = Int32Array.from({ length: N }, (_, i) => i);
  const t = costTerm('lifted', 1, { values: tf.square(perPair) as tf.Tensor1D, anchors, source: imageToRecipe }, mean);
  // mean over N is Σ/N; the loss is Σ/(2N).
  return { ...t, loss: tf.mul(t.loss, 0.5) as tf.Scalar };
}

export const liftedStruct: LossFamily = (opts) => ({
  needsSemanticHead: false,
  variables: [],
  terms: (input) => [liftedTerm(cosine.matrix(input.images, input.recipes), opts.margin)],
});
