/**
 * Synthetic pair batches for the benchmarks: random token ids, lengths and
 * features from a seeded generator, so the bench needs no dataset, padded
 * by the data's own builders (lib/data/batch.ts) as a store's batch is.
 * Lengths follow Recipe1M's rough shape (about 9 ingredients, 9 sentences
 * of 11 words, capped at 20) rather than always the maximum, so the padding
 * the encoders must skip is realistic.
 */
import { imageBatch, pairBatch, recipeBatch, type PairBatch, type RecipeTokens } from '../lib/data/batch.js';
import { Random } from '../lib/util/random.js';

export interface SyntheticShape {
  size: number;
  vocabSize: number;
  nClasses: number;
  featureDim: number;
  /** 0: no sentence vectors in the batch. */
  sentenceDim: number;
  maxIngredients: number;
  maxSentences: number;
  maxWords: number;
  /** Mean lengths (ingredients, sentences, words per sentence); default Recipe1M's. */
  means?: { ingredients: number; sentences: number; words: number };
}

/** Mean lengths of Recipe1M's training recipes (im2recipe's statistics, rounded). */
const MEAN_INGREDIENTS = 9;
const MEAN_SENTENCES = 9;
const MEAN_WORDS = 11;

/** A length in [1, max] with the given mean: uniform on [1, 2·mean − 1], clipped. */
function length(rng: Random, mean: number, max: number): number {
  return Math.min(max, 1 + rng.int(2 * mean - 1));
}

export function syntheticBatch(shape: SyntheticShape, seed: number): PairBatch {
  const rng = new Random(seed);
  const { size: B, maxIngredients: MI, maxSentences: MS, maxWords: MW, sentenceDim: SD } = shape;
  const token = (): number => 1 + rng.int(shape.vocabSize - 1);
  const means = shape.means ?? { ingredients: MEAN_INGREDIENTS, sentences: MEAN_SENTENCES, words: MEAN_WORDS };
  const classes = new Int32Array(B);
  const recipes: RecipeTokens[] = [];
  for (let b = 0; b < B; b++) {
    // Half background, half classed in pairs, like the paper's sampler (docs/method.md §6).
    classes[b] = b < B / 2 ? 0 : 1 + (Math.floor((b - B / 2) / 2) % (shape.nClasses - 1));
    const ingredients = Int32Array.from({ length: length(rng, means.ingredients, MI) }, token);
    const nS = length(rng, means.sentences, MS);
    const instructions: Int32Array[] = [];
    const sentenceVectors = SD > 0 ? new Float32Array(nS * SD) : undefined;
    for (let s = 0; s < nS; s++) {
      instructions.push(Int32Array.from({ length: length(rng, means.words, MW) }, token));
      if (sentenceVectors) for (let d = 0; d < SD; d++) sentenceVectors[s * SD + d] = rng.uniform(-1, 1);
    }
    recipes.push({ ingredients, instructions, sentenceVectors });
  }
  const imageFeatures = new Float32Array(B * shape.featureDim);
  // Post-ReLU pooled backbone features are non-negative.
  for (let i = 0; i < imageFeatures.length; i++) imageFeatures[i] = rng.next();
  const ids = Array.from({ length: B }, (_, b) => `synthetic${seed}_${b}`);
  return pairBatch(recipeBatch(recipes, { maxIngredients: MI, maxSentences: MS, maxWords: MW }, SD), imageBatch(imageFeatures, shape.featureDim), {
    indices: Int32Array.from({ length: B }, (_, b) => b),
    ids,
    classes,
    imageIds: ids.map((id) => `${id}.jpg`),
  });
}
