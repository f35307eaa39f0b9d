/**
 * The bench times the training step the engine takes (lib/engine/train_step.ts),
 * not a copy of it: the same weights after the same steps, and the phase
 * boundary is the step's own hook, reached once the gradients exist and
 * before anything is updated.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { trainStep } from '../../lib/engine/train_step.js';
import { FusedAdam } from '../../lib/engine/fused_adam.js';
import { buildCriterion, criterionSchema } from '../../lib/losses/index.js';
import { AdaMine, type NetworkOptions } from '../../lib/model/index.js';
import { defaults } from '../../lib/options/index.js';
import { syntheticBatch } from '../../bench/synthetic_batch.js';
import { TimedTrainer } from '../../bench/timed_step.js';

before(async () => {
  await initBackend('cpu');
});

const NETWORK: NetworkOptions = { word_dim: 4, word2vec: null, ingredient_hidden: 3, sentence_hidden: 3, instruction_hidden: 5, embedding_dim: 6, instruction_variant: 'hierarchical', init_seed: null };
const DIMS = { vocabSize: 30, nClasses: 3, featureDim: 7, sentenceDim: 0 };
const SHAPE = { size: 8, ...DIMS, maxIngredients: 5, maxSentences: 4, maxWords: 5 };

const weights = (model: AdaMine): number[][] => [...model.namedVariables().values()].map((v) => Array.from(v.dataSync()));

test('TimedTrainer.step is the engine\'s training step: same loss and weights, step after step, with either Adam', () => {
  const tensors = tf.memory().numTensors;
  const timed = new TimedTrainer(NETWORK, DIMS, 5);
  const criterion = buildCriterion(defaults(criterionSchema));
  const model = new AdaMine(NETWORK, { ...DIMS, semanticHead: criterion.needsSemanticHead }, 5);
  const variables = [...model.trainableVariables(), ...criterion.namedVariables.values()];
  const batches = [1, 2].map((s) => syntheticBatch(SHAPE, s));
  let optimizer: tf.Optimizer = tf.train.adam(1e-4);
  for (const fused of [false, true]) {
    if (fused) {
      timed.useFusedAdam();
      optimizer.dispose();
      optimizer = new FusedAdam(1e-4);
    }
    for (const batch of batches) {
      const s = timed.step(batch);
      assert.equal(s.loss, trainStep(model, criterion, optimizer, variables, batch, 8).loss);
      assert.ok(s.forwardBackwardMs >= 0 && s.optimizerMs >= 0);
      assert.deepEqual(weights(timed.model), weights(model));
    }
  }
  timed.dispose();
  model.dispose();
  criterion.dispose();
  optimizer.dispose();
  assert.equal(tf.memory().numTensors, tensors);
});

test('trainStep calls onGradients once, after the gradients and before the update', () => {
  const criterion = buildCriterion(defaults(criterionSchema));
  const model = new AdaMine(NETWORK, { ...DIMS, semanticHead: criterion.needsSemanticHead }, 2);
  const variables = [...model.trainableVariables(), ...criterion.namedVariables.values()];
  const optimizer = tf.train.adam(1e-2);
  const start = weights(model);
  const seen: number[][][] = [];
  trainStep(model, criterion, optimizer, variables, syntheticBatch(SHAPE, 3), 8, () => seen.push(weights(model)));
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0], start);
  assert.notDeepEqual(weights(model), start);
  model.dispose();
  criterion.dispose();
  optimizer.dispose();
});
