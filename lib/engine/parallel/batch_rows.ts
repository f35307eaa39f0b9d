/**
 * A batch split by rows among replicas: contiguous row ranges as equal as
 * possible, and the sub-batch of one range (every per-row array sliced;
 * the padded widths kept, so each row reads as it does in the whole batch).
 */
import type { EncodedBatch } from '../../data/types.js';

/** [from, to) row ranges of `rows` rows for `parts` replicas, in order; later ones are empty when rows < parts. */
export function rowShares(rows: number, parts: number): [number, number][] {
  return Array.from({ length: parts }, (_, k) => [Math.floor((rows * k) / parts), Math.floor((rows * (k + 1)) / parts)] as [number, number]);
}

/** Rows [from, to) of `batch`. */
export function batchRows(batch: EncodedBatch, from: number, to: number): EncodedBatch {
  const per = (width: number) => [from * width, to * width] as const;
  const MI = batch.maxIngredients;
  const MS = batch.maxSentences;
  const MW = batch.maxWords;
  return {
    size: to - from,
    indices: batch.indices.slice(from, to),
    ids: batch.ids.slice(from, to),
    classes: batch.classes.slice(from, to),
    ingredients: batch.ingredients.slice(...per(MI)),
    ingredientLengths: batch.ingredientLengths.slice(from, to),
    maxIngredients: MI,
    instructions: batch.instructions.slice(...per(MS * MW)),
    sentenceLengths: batch.sentenceLengths.slice(...per(MS)),
    instructionLengths: batch.instructionLengths.slice(from, to),
    maxSentences: MS,
    maxWords: MW,
    sentenceVectors: batch.sentenceVectors?.slice(...per(MS * batch.sentenceDim)),
    sentenceDim: batch.sentenceDim,
    imageIds: batch.imageIds.slice(from, to),
    imageFeatures: batch.imageFeatures.slice(...per(batch.featureDim)),
    featureDim: batch.featureDim,
  };
}
