/**
 * Forward time of each part of a paper-width step (image branch, recipe
 * branch, loss), best of a few runs: what the forward phase spends outside
 * its matrix products.
 * Run: node --import tsx bench/forward_parts.ts [sentence_vectors|hierarchical]
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../lib/backend/index.js';
import { defaults } from '../lib/options/index.js';
import { buildCriterion, criterionSchema, disposeTerms } from '../lib/losses/index.js';
import { AdaMine, type NetworkOptions } from '../lib/model/index.js';
import { syntheticBatch } from './synthetic_batch.js';

const variant = process.argv[2] === 'hierarchical' ? 'hierarchical' : 'sentence_vectors';
const info = await initBackend();
const opts: NetworkOptions = { word_dim: 300, word2vec: null, ingredient_hidden: 300, sentence_hidden: 512, instruction_hidden: 1024, embedding_dim: 1024, instruction_variant: variant, init_seed: 1 };
const dims = { vocabSize: 30_000, nClasses: 1048, featureDim: 2048, sentenceDim: 1024 };
const model = new AdaMine(opts, dims, 1);
const criterion = buildCriterion(defaults(criterionSchema));
const batch = syntheticBatch({ size: 100, ...dims, sentenceDim: variant === 'sentence_vectors' ? 1024 : 0, maxIngredients: 20, maxSentences: 20, maxWords: 20 }, 3);

function best(name: string, f: () => void): void {
  f();
  let ms = Infinity;
  for (let r = 0; r < 4; r++) {
    const t0 = performance.now();
    f();
    ms = Math.min(ms, performance.now() - t0);
  }
  console.log(`${name.padEnd(16)} ${ms.toFixed(1).padStart(8)} ms`);
}

console.log(`${variant}, matMul: ${info.matMul}`);
best('embedImages', () => tf.dispose(model.embedImages(batch)));
best('embedRecipes', () => tf.dispose(model.embedRecipes(batch)));
const images = model.embedImages(batch);
const recipes = model.embedRecipes(batch);
const classes = tf.tensor1d(batch.classes, 'int32');
best('criterion', () => {
  const out = criterion.compute({ images, recipes, classes });
  out.total.dataSync();
  out.total.dispose();
  disposeTerms(out.terms);
});
