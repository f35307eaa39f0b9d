/**
 * Symmetric InfoNCE (CLIP-style), an extra beyond the paper: cross-entropy
 * of cos/τ with the matching item as the target, image→recipe and
 * recipe→image. τ is learned as log τ, kept at or above 0.01.
 */
import * as tf from '@tensorflow/tfjs';
import { cosine } from './distances/cosine.js';
import type { LossFamily } from './loss.js';
import { mean } from './reducers/mean.js';
import { costTerm, type TermResult } from './terms.js';

const MIN_LOG_TEMPERATURE = Math.log(0.01);

let counter = 0;

function temperatureVariable(initial: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.scalar(Math.log(initial)), true, `infonce_${counter++}/log_temperature`));
}

/** Row-wise cross-entropy with the diagonal as target: [N, N] logits → [N] costs. */
function diagonalCrossEntropy(logits: tf.Tensor2D): tf.Tensor1D {
  const N = logits.shape[0];
  return tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.eye(N)), 1)) as tf.Tensor1D;
}

/** imageToRecipe: cosine distances [N, N], so 1 − d is the cosine. */
function infonceTerms(imageToRecipe: tf.Tensor2D, logTemperature: tf.Variable): TermResult[] {
  const N = imageToRecipe.shape[0];
  const scale = tf.exp(tf.neg(tf.clipByValue(logTemperature, MIN_LOG_TEMPERATURE, 10)));
  const logits = tf.mul(tf.sub(1, imageToRecipe), scale) as tf.Tensor2D;
  const anchors = Int32Array.from({ length: N }, (_, i) => i);
  return [
    costTerm('i2r', 1, { values: diagonalCrossEntropy(logits), anchors, source: imageToRecipe }, mean),
    costTerm('r2i', 1, { values: diagonalCrossEntropy(tf.transpose(logits)), anchors, source: imageToRecipe }, mean),
  ];
}

export const infonce: LossFamily = (opts) => {
  const temperature = temperatureVariable(opts.temperature);
  return {
    needsSemanticHead: false,
    variables: [temperature],
    terms: (input) => infonceTerms(cosine.matrix(input.images, input.recipes), temperature),
  };
};
