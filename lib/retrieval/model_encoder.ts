/**
 * The QueryEncoder of a trained experiment: photos, decoded to the input
 * size of the backbone recorded in the prepared manifest, go through that
 * backbone and the image head; recipes, possibly without instructions,
 * through the recipe encoder. One item per call, every tensor disposed.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageBackbone, Limits, RawImage } from '../data/index.js';
import type { EncodedBatch } from '../data/types.js';
import { ingredientsOnlyBatch, type AdaMine } from '../model/index.js';
import type { QueryEncoder } from './retriever.js';

/** A recipe as the encoder reads it; `sentenceVectors` [instructions.length, sentenceDim] for the sentence_vectors variant. */
export interface RecipeTokens {
  ingredients: Int32Array;
  instructions: Int32Array[];
  sentenceVectors?: Float32Array;
}

/** A batch of one image's backbone features (the recipe fields empty). */
export function imageBatch(features: Float32Array): EncodedBatch {
  return {
    size: 1,
    indices: Int32Array.of(-1),
    ids: ['query'],
    classes: new Int32Array(1),
    ingredients: new Int32Array(0),
    ingredientLengths: new Int32Array(1),
    maxIngredients: 0,
    instructions: new Int32Array(0),
    sentenceLengths: new Int32Array(0),
    instructionLengths: new Int32Array(1),
    maxSentences: 0,
    maxWords: 0,
    sentenceDim: 0,
    imageIds: ['query'],
    imageFeatures: features,
    featureDim: features.length,
  };
}

/** A batch of one recipe, truncated to `limits` as makeBatch does. */
export function recipeBatch(r: RecipeTokens, limits: Limits, sentenceDim: number): EncodedBatch {
  if (r.instructions.length === 0) return ingredientsOnlyBatch([r.ingredients.subarray(0, limits.maxIngredients)]);
  const ingredients = r.ingredients.subarray(0, limits.maxIngredients);
  const nS = Math.min(limits.maxSentences, r.instructions.length);
  const maxWords = Math.max(1, Math.min(limits.maxWords, Math.max(...r.instructions.slice(0, nS).map((s) => s.length))));
  const batch: EncodedBatch = {
    ...ingredientsOnlyBatch([ingredients]),
    instructions: new Int32Array(nS * maxWords),
    sentenceLengths: new Int32Array(nS),
    instructionLengths: Int32Array.of(nS),
    maxSentences: nS,
    maxWords,
    sentenceDim,
  };
  for (let s = 0; s < nS; s++) {
    const words = r.instructions[s].subarray(0, maxWords);
    batch.instructions.set(words, s * maxWords);
    batch.sentenceLengths[s] = words.length;
  }
  if (sentenceDim > 0 && r.sentenceVectors) batch.sentenceVectors = r.sentenceVectors.subarray(0, nS * sentenceDim);
  return batch;
}

async function rowOf(t: tf.Tensor2D): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

export class ModelQueryEncoder implements QueryEncoder {
  /**
   * `backbone` is created on first use (a photo query), so that recipe and
   * ingredient searches do not load it; `imageSize` is its input size, as
   * the manifest records it, known without loading it.
   */
  constructor(
    private readonly model: AdaMine,
    private readonly limits: Limits,
    private readonly sentenceDim: number,
    readonly imageSize: number,
    private readonly backbone: () => Promise<ImageBackbone>,
  ) {}

  async embedImage(image: RawImage): Promise<Float32Array> {
    const backbone = await this.backbone();
    const features = await backbone.embed([image]);
    return rowOf(this.model.embedImages(imageBatch(features)));
  }

  async embedRecipe(recipe: RecipeTokens): Promise<Float32Array> {
    return rowOf(this.model.embedRecipes(recipeBatch(recipe, this.limits, this.sentenceDim)));
  }
}
