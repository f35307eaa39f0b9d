/**
 * The manifest of a prepared folder (DIR/manifest.json), written last by
 * `recipe1m prepare`: a folder whose manifest exists and has this schema
 * version is complete.
 */
import type { DuplicateCounts } from './recipe1m.js';
import type { Split } from './types.js';
import type { Limits } from './vocab.js';

/**
 * Bumped whenever the layout or a record's encoding changes; readers refuse
 * other versions. 2: recipes keep their text as written (ingredientLines,
 * instructionTexts, url).
 */
export const SCHEMA_VERSION = 2;

export type SkipReason = 'malformedRecord' | 'duplicateId' | 'missingImage' | 'undecodableImage' | 'noIngredients' | 'noInstructions' | 'noImage';
export const SKIP_REASONS: readonly SkipReason[] = ['malformedRecord', 'duplicateId', 'missingImage', 'undecodableImage', 'noIngredients', 'noInstructions', 'noImage'];

/** Size, modification time and content hash of one input file, as prepare read it. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/**
 * What a prepared folder was made from, by content: no path is part of it,
 * so a moved or copied dataset is still recognised. A re-run compares its
 * own inputs with these and redoes the work only when one differs, saying
 * which.
 */
export interface PrepareInputs {
  /** prepare_inputs.ts PREPARE_VERSION: how this code reads the inputs. */
  prepareVersion: number;
  /** Input files by role; null when absent (det_ingrs.json) or not used (classes, features). */
  files: Record<'layer1' | 'layer2' | 'detIngrs' | 'classes' | 'features' | 'featureIds', FileStamp | null>;
  /** The backbone by content ('mini-v1', or a tfjs model's files hash with its options); null with imported features. */
  backbone: string | null;
  /** The options that change the stores; minCount as given ('auto': the size rule of vocab.ts). */
  options: { minCount: number | 'auto'; limits: Limits; sentenceDim: number };
}

/** Tokens of one text field in the stores, and how many of them are known to the vocabulary (not <unk>). */
export interface FieldCoverage {
  tokens: number;
  known: number;
  /** known / tokens (1 when there are no tokens). */
  coverage: number;
}

export type TokenCoverage = Record<'ingredients' | 'instructions' | 'titles', FieldCoverage>;

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
  /** Absolute path of the Recipe1M folder read (where the photos are); updated by a prepare that finds the same data moved. */
  source: string;
  /** sha256 of the inputs' content (file sizes and hashes, backbone, options; no path, no time): equal fingerprints, equal stores. */
  inputsFingerprint: string;
  /** The inputs in full, for telling what changed. */
  inputs: PrepareInputs;
  splits: Record<Split, SplitCounts>;
  vocabSize: number;
  /** The minimum count used (given, or the size rule's value). */
  minCount: number;
  /** Tokens of the training text (titles, instruction words, ingredient tokens) the vocabulary was counted on. */
  trainingTokens: number;
  /** Per field, over every recipe in the stores (all splits): the tokens the model reads; titles for information. */
  tokenCoverage: TokenCoverage;
  /** Class names by index; 0 is background. */
  classNames: string[];
  classSource: 'titles' | 'classes.json';
  backbone: { name: string; featureDim: number; inputSize: number };
  featureDim: number;
  /** Length of the stored per-sentence vectors, 0 when none. */
  sentenceDim: number;
  limits: Limits;
  /**
   * Skips per reason, all splits together. malformedRecord and duplicateId
   * count records of layer1, layer2 and det_ingrs (duplicateId: a record
   * whose id an earlier record of the same file has; the first is kept);
   * missingImage and undecodableImage count images; noIngredients,
   * noInstructions and noImage count recipes (noImage: no image listed, or
   * none of them usable).
   */
  skipped: Record<SkipReason, number>;
  /** The same per split (records of layer2/det_ingrs have no split and count only above). */
  skippedBySplit: Record<Split, Record<SkipReason, number>>;
  /** Repeated ids per file: how many records and the first few ids. */
  duplicates: DuplicateCounts;
  /** Byte size of each store's data.mdb as written: a store of another size is damaged or not this one. */
  storeBytes: Record<Split, number>;
  /** What prepare warned about (low token coverage, duplicates), also printed. */
  warnings: string[];
}
