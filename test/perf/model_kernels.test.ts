/**
 * The wasm kernels this project swaps in (transpose-first and OpenBLAS
 * matMul, tanh through sigmoid) inside a whole AdaMine training step: loss,
 * embeddings and every parameter gradient on wasm equal those of the cpu
 * backend (plain TensorFlow.js kernels) for the same seeded model and batch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { defaults } from '../../lib/options/index.js';
import { buildCriterion, criterionSchema, disposeTerms, type TermResult } from '../../lib/losses/index.js';
import { AdaMine, type InstructionVariant, type NetworkOptions } from '../../lib/model/index.js';
import { syntheticBatch } from '../../bench/synthetic_batch.js';

interface StepValues {
  loss: number;
  recipes: Float32Array;
  grads: Map<string, Float32Array>;
}

const dims = { vocabSize: 40, nClasses: 4, featureDim: 12, sentenceDim: 10 };

function step(variant: InstructionVariant): StepValues {
  const opts: NetworkOptions = { word_dim: 8, word2vec: null, ingredient_hidden: 6, sentence_hidden: 5, instruction_hidden: 7, embedding_dim: 9, instruction_variant: variant, init_seed: 5 };
  const model = new AdaMine(opts, dims, 5);
  const criterion = buildCriterion(defaults(criterionSchema));
  const batch = syntheticBatch(
    { size: 8, ...dims, sentenceDim: variant === 'sentence_vectors' ? dims.sentenceDim : 0, maxIngredients: 5, maxSentences: 4, maxWords: 6, means: { ingredients: 3, sentences: 2, words: 3 } },
    11,
  );
  const named = model.namedVariables();
  let terms: TermResult[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const out = criterion.compute({ images: model.embedImages(batch), recipes: model.embedRecipes(batch), classes: tf.tensor1d(batch.classes, 'int32') });
    terms = out.terms;
    return out.total;
  }, [...named.values()]);
  const recipes = tf.tidy(() => model.embedRecipes(batch).dataSync() as Float32Array);
  const out: StepValues = { loss: value.dataSync()[0], recipes, grads: new Map() };
  for (const [name, v] of named) if (grads[v.name]) out.grads.set(name, grads[v.name].dataSync() as Float32Array);
  value.dispose();
  tf.dispose(Object.values(grads));
  disposeTerms(terms);
  model.dispose();
  criterion.dispose();
  return out;
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-5 + 1e-4 * Math.abs(b[i]), `${what}[${i}]: wasm ${a[i]} vs cpu ${b[i]}`);
}

for (const variant of ['hierarchical', 'sentence_vectors'] as const) {
  test(`an AdaMine step (${variant}) on wasm gives the cpu backend's loss, embeddings and gradients`, async () => {
    await initBackend('cpu');
    const cpu = step(variant);
    await initBackend('wasm');
    const wasm = step(variant);
    assert.ok(cpu.loss > 0, 'the loss is not zero (the test can fail)');
    assertClose([wasm.loss], [cpu.loss], 'loss');
    assertClose(wasm.recipes, cpu.recipes, 'recipe embeddings');
    assert.deepEqual([...wasm.grads.keys()].sort(), [...cpu.grads.keys()].sort());
    for (const [name, g] of cpu.grads) {
      assert.ok(g.some((v) => v !== 0) || name.includes('semantic'), `${name}: the gradient is not all zero`);
      assertClose(wasm.grads.get(name) as Float32Array, g, name);
    }
  });
}
