/**
 * "Query by ingredients": a recipe batch that has ingredients and no
 * instructions. An empty instruction list is encoded as the instruction
 * LSTM's initial state (zeros): instructionLengths 0, maxSentences 0, so the
 * sentence LSTM runs no step. There are no images (featureDim 0).
 */
import type { EncodedBatch } from '../data/types.js';

export function ingredientsOnlyBatch(ingredientIds: Int32Array[]): EncodedBatch {
  const B = ingredientIds.length;
  const maxIngredients = Math.max(1, ...ingredientIds.map((ids) => ids.length));
  const ingredients = new Int32Array(B * maxIngredients);
  ingredientIds.forEach((ids, b) => ingredients.set(ids, b * maxIngredients));
  return {
    size: B,
    indices: new Int32Array(B).fill(-1),
    ids: ingredientIds.map((_, b) => `query-${b}`),
    classes: new Int32Array(B),
    ingredients,
    ingredientLengths: Int32Array.from(ingredientIds, (ids) => ids.length),
    maxIngredients,
    instructions: new Int32Array(0),
    sentenceLengths: new Int32Array(0),
    instructionLengths: new Int32Array(B),
    maxSentences: 0,
    maxWords: 0,
    sentenceDim: 0,
    imageIds: [],
    imageFeatures: new Float32Array(0),
    featureDim: 0,
  };
}
