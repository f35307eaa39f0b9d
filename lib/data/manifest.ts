/**
 * The manifest of a prepared folder (DIR/manifest.json), written last by
 * `recipe1m prepare`: a folder whose manifest exists and has this schema
 * version is complete.
 */
import type { Split } from './types.js';
import type { Limits } from './vocab.js';

/**
 * Bumped whenever the layout or a record's encoding changes; readers refuse
 * other versions. 2: recipes keep their text as written (ingredientLines,
 * instructionTexts, url).
 */
export const SCHEMA_VERSION = 2;

export type SkipReason = 'malformedRecord' | 'missingImage' | 'undecodableImage' | 'noIngredients' | 'noInstructions' | 'noImage';
export const SKIP_REASONS: readonly SkipReason[] = ['malformedRecord', 'missingImage', 'undecodableImage', 'noIngredients', 'noInstructions', 'noImage'];

export interface SplitCounts {
  /** Recipes in the split's store (each with >= 1 usable image). */
  recipes: number;
  /** Image feature vectors in the store. */
  images: number;
  /** Matched (recipe, image) pairs the retrieval protocol can draw: one per recipe, so equal to `recipes`. */
  pairs: number;
}

export interface Manifest {
  schemaVersion: number;
  createdBy: string;
  /** Absolute path of the Recipe1M folder read. */
  source: string;
  /** Hash of the input files' sizes and modification times and of the options; a re-run with the same one skips the work. */
  inputsFingerprint: string;
  splits: Record<Split, SplitCounts>;
  vocabSize: number;
  minCount: number;
  /** Class names by index; 0 is background. */
  classNames: string[];
  classSource: 'titles' | 'classes.json';
  backbone: { name: string; featureDim: number; inputSize: number };
  featureDim: number;
  /** Length of the stored per-sentence vectors, 0 when none. */
  sentenceDim: number;
  limits: Limits;
  /**
   * Skips per reason, all splits together. malformedRecord counts records of
   * layer1, layer2 and det_ingrs; missingImage and undecodableImage count
   * images; noIngredients, noInstructions and noImage count recipes (noImage:
   * no image listed, or none of them usable).
   */
  skipped: Record<SkipReason, number>;
  /** The same per split (malformed records of layer2/det_ingrs have no split and count only above). */
  skippedBySplit: Record<Split, Record<SkipReason, number>>;
}
