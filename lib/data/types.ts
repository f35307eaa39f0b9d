/**
 * The typed records that pass between the stages: Recipe1M as read from
 * disk (`Recipe`) and one recipe of a prepared store (`EncodedRecipe`), the
 * one recipe type the store's records, the batches (batch.ts) and the
 * recipes shown by search derive theirs from.
 */

export type Split = 'train' | 'val' | 'test';
export const SPLITS: readonly Split[] = ['train', 'val', 'test'];

/** A recipe as Recipe1M describes it (layer1 + layer2 + det_ingrs), before tokenisation. */
export interface Recipe {
  id: string;
  title: string;
  url?: string;
  partition: Split;
  /** The ingredient lines as written ("1/2 cup chopped onion"). */
  ingredients: string[];
  /** The ingredient names ("onion"): det_ingrs.json's valid entries, or extracted from the lines. */
  ingredientNames: string[];
  /** The instruction sentences, in order. */
  instructions: string[];
  /** Image ids ("<hex>.jpg") from layer2.json; empty when the recipe has no photo. */
  imageIds: string[];
}

/** One recipe of a prepared store: what the model reads, plus what people read. */
export interface EncodedRecipe {
  /** Position in its split's store, 0-based: the pairs first (0 .. store.size - 1), then the text-only recipes. */
  index: number;
  id: string;
  title: string;
  /** The recipe's web page, when Recipe1M gives one. */
  url?: string;
  /** 0 = background (no class). */
  classIndex: number;
  /** One vocabulary id per ingredient name (multi-word names are one token, "olive_oil"). */
  ingredients: Int32Array;
  /** Word ids per instruction sentence. */
  instructions: Int32Array[];
  /** The ingredient lines as written ("1/2 cup chopped onion"), all of them: the limits cut only the tokens. */
  ingredientLines: string[];
  /** The instruction sentences as written, all of them. */
  instructionTexts: string[];
  /** Keys of this recipe's image feature vectors in the same store: at least one for a pair, none for a text-only recipe. */
  imageIds: string[];
  /** Image paths relative to the Recipe1M root ("images/train/a/b/c/d/abcd....jpg"), same order. */
  imagePaths: string[];
  /** Rows of the photos in the store's features file, same order (RecipeStore.recipe gives them; makeBatch reads them without a lookup). */
  imageRows?: number[];
  /** [instructions.length, sentenceDim] fixed sentence vectors, when the store has them (sentence_vectors.ts). */
  sentenceVectors?: Float32Array;
}
