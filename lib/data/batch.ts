/**
 * The batches the model reads, in row-major typed arrays, and their one set
 * of builders. A `RecipeBatch` is what the recipe encoder reads (padded
 * token ids, lengths saying what is real), an `ImageBatch` what the image
 * head reads (backbone features); a `PairBatch`, what training and
 * evaluation read, is both at once for the same rows, plus the rows'
 * store indices, ids, classes and chosen photos. Padding is 0.
 */
import type { EncodedRecipe } from './types.js';
import type { Limits } from './vocab.js';

/** A padded batch of recipes [B]. */
export interface RecipeBatch {
  /** B. */
  size: number;
  /** [B, maxIngredients] token ids. */
  ingredients: Int32Array;
  /** [B] number of ingredients. */
  ingredientLengths: Int32Array;
  maxIngredients: number;
  /** [B, maxSentences, maxWords] token ids. */
  instructions: Int32Array;
  /** [B, maxSentences] words per sentence, 0 for padding sentences. */
  sentenceLengths: Int32Array;
  /** [B] number of sentences; 0 for a recipe without instructions (a query by ingredients). */
  instructionLengths: Int32Array;
  maxSentences: number;
  maxWords: number;
  /** [B, maxSentences, sentenceDim] precomputed sentence vectors, when sentenceDim > 0. */
  sentenceVectors?: Float32Array;
  /** 0 when the recipes have no sentence vectors. */
  sentenceDim: number;
}

/** Backbone features of B photos. */
export interface ImageBatch {
  /** B. */
  size: number;
  /** [B, featureDim]. */
  imageFeatures: Float32Array;
  featureDim: number;
}

/** Training and evaluation rows: recipe b and photo b are pair b. */
export interface PairBatch extends RecipeBatch, ImageBatch {
  /** Store indices of the recipes [B]. */
  indices: Int32Array;
  ids: string[];
  /** Class per recipe [B], 0 = background. */
  classes: Int32Array;
  /** The photo used for each recipe [B]. */
  imageIds: string[];
}

/** A recipe as the recipe encoder reads it: its tokens and, when the store has them, its sentence vectors [instructions.length, sentenceDim]. */
export type RecipeTokens = Pick<EncodedRecipe, 'ingredients' | 'instructions' | 'sentenceVectors'>;

/**
 * Pads `recipes` to the batch's own longest lists, capped by `limits`
 * (absent: no cap); at least 1 per dimension. With `sentenceDim` > 0 every
 * recipe with instructions must carry its sentence vectors.
 */
export function recipeBatch(recipes: readonly RecipeTokens[], limits: Partial<Limits> = {}, sentenceDim = 0): RecipeBatch {
  const B = recipes.length;
  if (B === 0) throw new Error('recipeBatch: no recipe');
  const capI = limits.maxIngredients ?? Infinity;
  const capS = limits.maxSentences ?? Infinity;
  const capW = limits.maxWords ?? Infinity;
  const maxIngredients = Math.max(1, Math.min(capI, Math.max(...recipes.map((r) => r.ingredients.length))));
  const maxSentences = Math.max(1, Math.min(capS, Math.max(...recipes.map((r) => r.instructions.length))));
  const maxWords = Math.max(1, Math.min(capW, Math.max(...recipes.map((r) => Math.max(0, ...r.instructions.map((s) => s.length))))));
  const SD = sentenceDim;
  const batch: RecipeBatch = {
    size: B,
    ingredients: new Int32Array(B * maxIngredients),
    ingredientLengths: new Int32Array(B),
    maxIngredients,
    instructions: new Int32Array(B * maxSentences * maxWords),
    sentenceLengths: new Int32Array(B * maxSentences),
    instructionLengths: new Int32Array(B),
    maxSentences,
    maxWords,
    sentenceDim: SD,
  };
  const vectors = SD > 0 ? new Float32Array(B * maxSentences * SD) : undefined;
  if (vectors) batch.sentenceVectors = vectors;
  recipes.forEach((r, b) => {
    const nI = Math.min(maxIngredients, r.ingredients.length);
    batch.ingredients.set(r.ingredients.subarray(0, nI), b * maxIngredients);
    batch.ingredientLengths[b] = nI;
    const nS = Math.min(maxSentences, r.instructions.length);
    batch.instructionLengths[b] = nS;
    for (let s = 0; s < nS; s++) {
      const words = r.instructions[s].subarray(0, maxWords);
      batch.instructions.set(words, (b * maxSentences + s) * maxWords);
      batch.sentenceLengths[b * maxSentences + s] = words.length;
    }
    if (!vectors || nS === 0) return;
    if (!r.sentenceVectors || r.sentenceVectors.length < nS * SD) {
      throw new Error(`recipeBatch: recipe ${b} has ${nS} sentences but ${r.sentenceVectors ? `${r.sentenceVectors.length / SD} sentence vectors` : 'no sentence vectors'} of width ${SD}`);
    }
    vectors.set(r.sentenceVectors.subarray(0, nS * SD), b * maxSentences * SD);
  });
  return batch;
}

/** The features [B, featureDim] of B photos, row after row. */
export function imageBatch(features: Float32Array, featureDim: number): ImageBatch {
  if (!Number.isInteger(featureDim) || featureDim < 1 || features.length % featureDim !== 0) {
    throw new Error(`imageBatch: ${features.length} values are not rows of width ${featureDim}`);
  }
  return { size: features.length / featureDim, imageFeatures: features, featureDim };
}

/** What a pair batch says about its rows besides the recipes and the photos. */
export interface PairRows {
  indices: ArrayLike<number>;
  ids: string[];
  classes: ArrayLike<number>;
  imageIds: string[];
}

/** Recipe b with photo b, for every b: both sides and the rows must have the same size. */
export function pairBatch(recipes: RecipeBatch, images: ImageBatch, rows: PairRows): PairBatch {
  const B = recipes.size;
  const sizes = [images.size, rows.indices.length, rows.ids.length, rows.classes.length, rows.imageIds.length];
  if (sizes.some((n) => n !== B)) {
    throw new Error(`pairBatch: ${B} recipes but ${images.size} photos, ${rows.indices.length} indices, ${rows.ids.length} ids, ${rows.classes.length} classes, ${rows.imageIds.length} image ids`);
  }
  return { ...recipes, ...images, size: B, indices: Int32Array.from(rows.indices), ids: rows.ids, classes: Int32Array.from(rows.classes), imageIds: rows.imageIds };
}

/** Rows [from, to) of a recipe batch, padded widths kept (each row reads as it does in the whole batch). */
export function recipeBatchRows(batch: RecipeBatch, from: number, to: number): RecipeBatch {
  const per = (width: number) => [from * width, to * width] as const;
  const { maxIngredients: MI, maxSentences: MS, maxWords: MW, sentenceDim: SD } = batch;
  const rows: RecipeBatch = {
    size: to - from,
    ingredients: batch.ingredients.slice(...per(MI)),
    ingredientLengths: batch.ingredientLengths.slice(from, to),
    maxIngredients: MI,
    instructions: batch.instructions.slice(...per(MS * MW)),
    sentenceLengths: batch.sentenceLengths.slice(...per(MS)),
    instructionLengths: batch.instructionLengths.slice(from, to),
    maxSentences: MS,
    maxWords: MW,
    sentenceDim: SD,
  };
  if (batch.sentenceVectors) rows.sentenceVectors = batch.sentenceVectors.slice(...per(MS * SD));
  return rows;
}

/** Rows [from, to) of a pair batch: both sides and what it says of each row. */
export function pairBatchRows(batch: PairBatch, from: number, to: number): PairBatch {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= batch.size)) {
    throw new Error(`pairBatchRows: rows [${from}, ${to}) are not within a batch of ${batch.size}`);
  }
  const D = batch.featureDim;
  return pairBatch(recipeBatchRows(batch, from, to), imageBatch(batch.imageFeatures.slice(from * D, to * D), D), {
    indices: batch.indices.slice(from, to),
    ids: batch.ids.slice(from, to),
    classes: batch.classes.slice(from, to),
    imageIds: batch.imageIds.slice(from, to),
  });
}
