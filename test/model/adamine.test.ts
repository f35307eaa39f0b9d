import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { recipeBatch, type PairBatch } from '../../lib/data/batch.js';
import { AdaMine, type InstructionVariant, type NetworkOptions } from '../../lib/model/index.js';

before(async () => {
  await initBackend('cpu');
});

interface HandRecipe {
  ingredients: number[];
  sentences: number[][];
  /** One vector per sentence (sentence_vectors variant). */
  vectors: number[][];
  features: number[];
  cls: number;
}

const SENTENCE_DIM = 4;
const FEATURE_DIM = 5;

const RECIPES: HandRecipe[] = [
  { ingredients: [3, 7, 2], sentences: [[4, 5, 6], [9, 1]], vectors: [[0.1, 0.2, 0.3, 0.4], [0.5, -0.1, 0, 0.2]], features: [0.1, 0.9, 0.3, 0, 0.5], cls: 1 },
  { ingredients: [11], sentences: [[12, 13, 14, 15, 16]], vectors: [[-0.3, 0.3, 0.1, 0]], features: [0.7, 0.2, 0.2, 0.4, 0.1], cls: 0 },
  { ingredients: [5, 6, 8, 9, 10], sentences: [[2], [3, 4], [18, 19, 17]], vectors: [[0, 0, 1, 0], [0.2, 0.2, 0.2, 0.2], [1, 0, 0, -1]], features: [0, 0, 1, 1, 0.3], cls: 2 },
];

/** A padded PairBatch built by hand, to pad beyond what lib/data/batch.ts pads to; pad = extra room beyond the longest list. */
function makeBatch(recipes: HandRecipe[], pad = { ingredients: 0, sentences: 0, words: 0 }): PairBatch {
  const B = recipes.length;
  const maxI = Math.max(...recipes.map((r) => r.ingredients.length)) + pad.ingredients;
  const maxS = Math.max(...recipes.map((r) => r.sentences.length)) + pad.sentences;
  const maxW = Math.max(...recipes.flatMap((r) => r.sentences.map((s) => s.length))) + pad.words;
  const ingredients = new Int32Array(B * maxI);
  const instructions = new Int32Array(B * maxS * maxW);
  const sentenceLengths = new Int32Array(B * maxS);
  const sentenceVectors = new Float32Array(B * maxS * SENTENCE_DIM);
  recipes.forEach((r, b) => {
    ingredients.set(r.ingredients, b * maxI);
    r.sentences.forEach((s, k) => {
      instructions.set(s, (b * maxS + k) * maxW);
      sentenceLengths[b * maxS + k] = s.length;
      sentenceVectors.set(r.vectors[k], (b * maxS + k) * SENTENCE_DIM);
    });
  });
  return {
    size: B,
    indices: Int32Array.from(recipes, (_, i) => i),
    ids: recipes.map((_, i) => `r${i}`),
    classes: Int32Array.from(recipes, (r) => r.cls),
    ingredients,
    ingredientLengths: Int32Array.from(recipes, (r) => r.ingredients.length),
    maxIngredients: maxI,
    instructions,
    sentenceLengths,
    instructionLengths: Int32Array.from(recipes, (r) => r.sentences.length),
    maxSentences: maxS,
    maxWords: maxW,
    sentenceVectors,
    sentenceDim: SENTENCE_DIM,
    imageIds: recipes.map((_, i) => `i${i}`),
    imageFeatures: Float32Array.from(recipes.flatMap((r) => r.features)),
    featureDim: FEATURE_DIM,
  };
}

/** Recipes of ingredients alone, no instructions (a query by ingredients). */
const ingredientsOnlyBatch = (lists: Int32Array[]) => recipeBatch(lists.map((ingredients) => ({ ingredients, instructions: [] })));

const options = (variant: InstructionVariant): NetworkOptions => ({
  word_dim: 4,
  word2vec: null,
  ingredient_hidden: 3,
  sentence_hidden: 3,
  instruction_hidden: 5,
  embedding_dim: 6,
  instruction_variant: variant,
  init_seed: null,
});

const DIMS = { vocabSize: 20, nClasses: 3, featureDim: FEATURE_DIM, sentenceDim: SENTENCE_DIM, semanticHead: true };

function values(f: () => tf.Tensor): Float32Array {
  return tf.tidy(() => f().dataSync() as Float32Array);
}

for (const variant of ['hierarchical', 'sentence_vectors'] as const) {
  test(`${variant}: more padding changes no embedding; rows are unit-norm`, () => {
    const model = new AdaMine(options(variant), DIMS, 1338);
    const tight = values(() => model.embedRecipes(makeBatch(RECIPES)));
    const padded = values(() => model.embedRecipes(makeBatch(RECIPES, { ingredients: 4, sentences: 3, words: 5 })));
    for (let k = 0; k < tight.length; k++) assert.ok(Math.abs(tight[k] - padded[k]) < 1e-6, `[${k}] ${tight[k]} vs ${padded[k]}`);
    const images = values(() => model.embedImages(makeBatch(RECIPES)));
    for (const emb of [tight, images]) {
      for (let b = 0; b < 3; b++) {
        const norm = Math.hypot(...emb.subarray(b * 6, b * 6 + 6));
        assert.ok(Math.abs(norm - 1) < 1e-5, `norm ${norm}`);
      }
    }
    // Each recipe is encoded alone as in the batch (no leakage between rows).
    const alone = values(() => model.embedRecipes(makeBatch([RECIPES[1]])));
    for (let k = 0; k < 6; k++) assert.ok(Math.abs(alone[k] - tight[6 + k]) < 1e-6);
    model.dispose();
  });

  test(`${variant}: every variable gets a finite, non-zero gradient; no tensor leak`, () => {
    const model = new AdaMine(options(variant), DIMS, 5);
    const batch = makeBatch(RECIPES);
    const step = () => {
      const { value, grads } = tf.variableGrads(() => {
        const r = model.embedRecipes(batch);
        const i = model.embedImages(batch);
        const logits = model.classify(r) as tf.Tensor2D;
        return tf.add(tf.sum(tf.mul(r, tf.reverse(i, 0))), tf.sum(tf.square(logits))) as tf.Scalar;
      }, model.trainableVariables());
      const out = new Map(Object.entries(grads).map(([k, g]) => [k, g.dataSync() as Float32Array]));
      tf.dispose([value, ...Object.values(grads)]);
      return out;
    };
    const first = step();
    const before = tf.memory().numTensors;
    step();
    assert.equal(tf.memory().numTensors, before);
    assert.equal(first.size, model.namedVariables().size);
    for (const [name, g] of first) {
      assert.ok(g.every(Number.isFinite), `${name} has a non-finite gradient`);
      assert.ok(g.some((x) => x !== 0), `${name} has an all-zero gradient`);
    }
    model.dispose();
  });
}

test('recipes without instructions (query by ingredients) embed to finite unit vectors', () => {
  for (const variant of ['hierarchical', 'sentence_vectors'] as const) {
    const model = new AdaMine(options(variant), DIMS, 9);
    const q = values(() => model.embedRecipes(ingredientsOnlyBatch([Int32Array.from([3, 7, 2]), Int32Array.from([11])])));
    assert.ok(q.every(Number.isFinite));
    assert.ok(Math.abs(Math.hypot(...q.subarray(0, 6)) - 1) < 1e-5);
    // Inside a normal batch, a recipe with zero sentences encodes as in the ingredients-only batch.
    const mixed = makeBatch([RECIPES[0], { ...RECIPES[1], sentences: [], vectors: [] }]);
    const m = values(() => model.embedRecipes(mixed));
    const alone = values(() => model.embedRecipes(ingredientsOnlyBatch([Int32Array.from([11])])));
    for (let k = 0; k < 6; k++) assert.ok(Math.abs(m[6 + k] - alone[k]) < 1e-6);
    model.dispose();
  }
});

test('stable local variable names, unique global names, seeded initialisation', () => {
  const a = new AdaMine(options('hierarchical'), DIMS, 1);
  const b = new AdaMine(options('hierarchical'), DIMS, 1);
  const c = new AdaMine(options('hierarchical'), DIMS, 2);
  const names = [...a.namedVariables().keys()];
  assert.deepEqual(names, [...b.namedVariables().keys()]);
  for (const n of ['recipe.words.embedding', 'recipe.ingredients.fw.kernel', 'recipe.ingredients.bw.recurrent', 'recipe.instructions.words.bias',
    'recipe.instructions.sentences.kernel', 'recipe.fusion.kernel', 'image.projection.bias', 'semantic.head.kernel']) {
    assert.ok(names.includes(n), `missing ${n}`);
  }
  const globalA = new Set(a.trainableVariables().map((v) => v.name));
  assert.ok(b.trainableVariables().every((v) => !globalA.has(v.name)));
  const wa = a.namedVariables().get('recipe.fusion.kernel')!.dataSync();
  assert.deepEqual(wa, b.namedVariables().get('recipe.fusion.kernel')!.dataSync());
  assert.notDeepEqual(wa, c.namedVariables().get('recipe.fusion.kernel')!.dataSync());
  const noHead = new AdaMine(options('hierarchical'), { ...DIMS, semanticHead: false }, 1);
  const probe = tf.ones([1, 6]) as tf.Tensor2D;
  assert.equal(noHead.classify(probe), null);
  probe.dispose();
  for (const m of [a, b, c, noHead]) m.dispose();
  assert.throws(() => new AdaMine(options('sentence_vectors'), { ...DIMS, sentenceDim: 0 }, 1), /sentence_vectors needs a store with sentence vectors/);
});
