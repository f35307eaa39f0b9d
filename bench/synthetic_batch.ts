/**
 * Synthetic EncodedBatch objects for the benchmarks: random token ids,
 * lengths and features from a seeded generator, so the bench needs no
 * dataset. Lengths follow Recipe1M's rough shape (about 9 ingredients,
 * 9 sentences of 11 words, capped at 20) rather than always the maximum,
 * so the padding the encoders must skip is realistic.
 */
import type { EncodedBatch } from '../lib/data/types.js';
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

export function syntheticBatch(shape: SyntheticShape, seed: number): EncodedBatch {
  const rng = new Random(seed);
  const { size: B, maxIngredients: MI, maxSentences: MS, maxWords: MW } = shape;
  const token = (): number => 1 + rng.int(shape.vocabSize - 1);
  const means = shape.means ?? { ingredients: MEAN_INGREDIENTS, sentences: MEAN_SENTENCES, words: MEAN_WORDS };
  const ingredients = new Int32Array(B * MI);
  const ingredientLengths = new Int32Array(B);
  const instructions = new Int32Array(B * MS * MW);
  const sentenceLengths = new Int32Array(B * MS);
  const instructionLengths = new Int32Array(B);
  const sentenceVectors = shape.sentenceDim > 0 ? new Float32Array(B * MS * shape.sentenceDim) : undefined;
  const classes = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    // Half background, half classed in pairs, like the paper's sampler (docs/method.md §6).
    classes[b] = b < B / 2 ? 0 : 1 + (Math.floor((b - B / 2) / 2) % (shape.nClasses - 1));
    ingredientLengths[b] = length(rng, means.ingredients, MI);
    for (let i = 0; i < ingredientLengths[b]; i++) ingredients[b * MI + i] = token();
    instructionLengths[b] = length(rng, means.sentences, MS);
    for (let s = 0; s < instructionLengths[b]; s++) {
      const len = length(rng, means.words, MW);
      sentenceLengths[b * MS + s] = len;
      for (let w = 0; w < len; w++) instructions[(b * MS + s) * MW + w] = token();
      if (sentenceVectors) {
        const from = (b * MS + s) * shape.sentenceDim;
        for (let d = 0; d < shape.sentenceDim; d++) sentenceVectors[from + d] = rng.uniform(-1, 1);
      }
    }
  }
  const imageFeatures = new Float32Array(B * shape.featureDim);
  // Post-ReLU pooled backbone features are non-negative.
  for (let i = 0; i < imageFeatures.length; i++) imageFeatures[i] = rng.next();
  const ids = Array.from({ length: B }, (_, b) => `synthetic${seed}_${b}`);
  return {
    size: B,
    indices: Int32Array.from({ length: B }, (_, b) => b),
    ids,
    classes,
    ingredients,
    ingredientLengths,
    maxIngredients: MI,
    instructions,
    sentenceLengths,
    instructionLengths,
    maxSentences: MS,
    maxWords: MW,
    sentenceVectors,
    sentenceDim: sentenceVectors ? shape.sentenceDim : 0,
    imageIds: ids.map((id) => `${id}.jpg`),
    imageFeatures,
    featureDim: shape.featureDim,
  };
}
