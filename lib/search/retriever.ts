/**
 * Retrieval for people: one split's extracted embeddings in two cosine
 * indices, a model to embed new queries, and the recipes to show.
 *
 *   photo       → image head  → rank recipe embeddings  (im2recipe)
 *   recipe id   → its recipe embedding → rank image embeddings (recipe2im)
 *   ingredients → recipe encoder, ingredients only → rank image embeddings
 *
 * The model and the data sit behind two small interfaces so that this file
 * needs neither TensorFlow.js nor the stores (tests give fakes; the commands
 * give the trained model, see session.ts).
 */
import type { Scored } from '../metrics/index.js';
import { CosineIndex } from './cosine_index.js';
import type { LoadedEmbeddings } from './embeddings_io.js';
import type { RawImage } from '../data/backbone/types.js';
import { ingredientToken } from '../data/text.js';
import { resolveIngredients, type TokenLookup } from './ingredient_query.js';
import { QueryError } from './query_error.js';

/** Embeds queries with the trained model; outputs are [dim]. */
export interface QueryEncoder {
  /** Photos are decoded to imageSize × imageSize before `embedImage`. */
  readonly imageSize: number;
  embedImage(image: RawImage): Promise<Float32Array>;
  /**
   * A recipe as tokens; `instructions` may be empty (an ingredients-only
   * query). `sentenceVectors` [instructions.length, sentenceDim] when the
   * store has them.
   */
  embedRecipe(recipe: { ingredients: Int32Array; instructions: Int32Array[]; sentenceVectors?: Float32Array }): Promise<Float32Array>;
}

/** A recipe as the page and the CLI show it. */
export interface RecipeDetails {
  id: string;
  title: string;
  /** The recipe's web page, when the dataset gives one. */
  url?: string;
  classIndex: number;
  className: string;
  /** The ingredient names the model reads ("olive_oil"). */
  ingredientNames: string[];
  /** The ingredient lines as written ("1/2 cup chopped onion"), all of them. */
  ingredientLines: string[];
  /** The instruction sentences as written, all of them. */
  instructions: string[];
  imageIds: string[];
  /** Relative to the Recipe1M root ("images/test/a/b/c/d/abcd....jpg"), same order as imageIds. */
  imagePaths: string[];
  /** Model input: ingredient tokens. */
  ingredientTokens: Int32Array;
  /** Model input: word ids per instruction sentence. */
  instructionTokens: Int32Array[];
  /** Model input for the sentence_vectors variant, when the store has them. */
  sentenceVectors?: Float32Array;
}

/** The recipes of the split the embeddings come from. */
export interface RecipeCatalog {
  recipe(id: string): Promise<RecipeDetails | undefined>;
  lookupToken: TokenLookup;
}

export interface SearchHit {
  /** 1-based. */
  rank: number;
  /** Cosine similarity to the query. */
  score: number;
  recipeId: string;
  imageId: string;
  title: string;
  className: string;
  /** The hit's photo, relative to the Recipe1M root. */
  imagePath: string;
}

export type QueryKind = 'image' | 'recipe' | 'ingredients';

export interface SearchResult {
  kind: QueryKind;
  /** What was ranked: recipes for a photo, photos otherwise. */
  target: 'recipes' | 'images';
  split: string;
  /** Ingredient names used, for ingredient queries and recipe queries with removals. */
  ingredients?: string[];
  /** Names the vocabulary did not know (ignored). */
  unknown?: string[];
  removed?: string[];
  /** Names asked to be removed that were not there. */
  notPresent?: string[];
  hits: SearchHit[];
  /** Time to embed and rank, milliseconds. */
  tookMs: number;
}

export const MAX_TOP = 100;

/**
 * Checks a requested result count; `source` names the option or parameter.
 * Text must be decimal digits: Number() would also read '0x10', '1e1' or
 * ' 16 ' as numbers nobody typed.
 */
export function parseTop(value: string | number | undefined, source: string, fallback = 10): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : /^[0-9]+$/u.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_TOP) {
    throw new QueryError(`${source} must be an integer from 1 to ${MAX_TOP} in decimal digits, got '${String(value)}'`);
  }
  return n;
}

export class Retriever {
  readonly split: string;
  readonly size: number;
  readonly checkpoint: string;
  private readonly recipeIndex: CosineIndex;
  private readonly imageIndex: CosineIndex;
  private readonly rowOfRecipe = new Map<string, number>();
  private readonly recipeIds: string[];
  private readonly imageIds: string[];

  constructor(
    embeddings: LoadedEmbeddings,
    private readonly encoder: QueryEncoder,
    private readonly catalog: RecipeCatalog,
  ) {
    this.split = embeddings.split;
    this.checkpoint = embeddings.checkpoint;
    this.recipeIds = embeddings.recipeIds;
    this.imageIds = embeddings.imageIds;
    this.size = embeddings.recipeIds.length;
    this.recipeIndex = new CosineIndex(embeddings.recipes, embeddings.dim);
    this.imageIndex = new CosineIndex(embeddings.images, embeddings.dim);
    embeddings.recipeIds.forEach((id, row) => this.rowOfRecipe.set(id, row));
  }

  /** The side of the square a photo query is decoded to (decodeQueryImage). */
  get imageSize(): number {
    return this.encoder.imageSize;
  }

  /** A photo, decoded to imageSize × imageSize → the recipes closest to it. */
  async byImage(image: RawImage, top: number): Promise<SearchResult> {
    const start = performance.now();
    const q = await this.encoder.embedImage(image);
    const hits = await this.hits(this.recipeIndex.search(q, top));
    return { kind: 'image', target: 'recipes', split: this.split, hits, tookMs: performance.now() - start };
  }

  /**
   * A recipe of the split → the photos closest to it. With `remove`, the
   * recipe is re-encoded without those ingredients.
   */
  async byRecipeId(id: string, top: number, remove: readonly string[] = []): Promise<SearchResult> {
    const start = performance.now();
    const recipe = await this.requireRecipe(id);
    const base = { kind: 'recipe' as const, target: 'images' as const, split: this.split };
    const row = this.rowOfRecipe.get(id);
    if (remove.length === 0 && row !== undefined) {
      const hits = await this.hits(this.imageIndex.search(this.recipeIndex.row(row), top));
      return { ...base, hits, tookMs: performance.now() - start };
    }
    const drop = new Set(remove.map(ingredientToken).filter(Boolean));
    const keptNames: string[] = [];
    const kept: number[] = [];
    recipe.ingredientNames.forEach((name, i) => {
      if (!drop.has(ingredientToken(name))) {
        keptNames.push(name);
        kept.push(recipe.ingredientTokens[i]);
      }
    });
    const present = new Set(recipe.ingredientNames.map(ingredientToken));
    const removed = [...drop].filter((n) => present.has(n));
    const notPresent = [...drop].filter((n) => !present.has(n));
    if (kept.length === 0) throw new QueryError(`recipe ${id}: no ingredient left after removing ${removed.join(', ')}`);
    const q = await this.encoder.embedRecipe({
      ingredients: Int32Array.from(kept),
      instructions: recipe.instructionTokens,
      sentenceVectors: recipe.sentenceVectors,
    });
    const hits = await this.hits(this.imageIndex.search(q, top));
    return { ...base, ingredients: keptNames, removed, notPresent, hits, tookMs: performance.now() - start };
  }

  /** Ingredient names → the photos of dishes closest to a recipe made of them. */
  async byIngredients(names: readonly string[], top: number, remove: readonly string[] = []): Promise<SearchResult> {
    const start = performance.now();
    const r = resolveIngredients(names, remove, this.catalog.lookupToken);
    const q = await this.encoder.embedRecipe({ ingredients: r.tokens, instructions: [] });
    const hits = await this.hits(this.imageIndex.search(q, top));
    return {
      kind: 'ingredients',
      target: 'images',
      split: this.split,
      ingredients: r.used,
      unknown: r.unknown,
      removed: r.removed,
      notPresent: r.notPresent,
      hits,
      tookMs: performance.now() - start,
    };
  }

  /** A recipe of the split, or a 404 QueryError. */
  async requireRecipe(id: string): Promise<RecipeDetails> {
    const recipe = await this.catalog.recipe(id);
    if (!recipe) throw new QueryError(`no recipe with id '${id}' in the ${this.split} split`, 404);
    return recipe;
  }

  private async hits(ranked: Scored[]): Promise<SearchHit[]> {
    const out: SearchHit[] = [];
    for (let i = 0; i < ranked.length; i++) {
      const row = ranked[i].index;
      const recipeId = this.recipeIds[row];
      const imageId = this.imageIds[row];
      const recipe = await this.catalog.recipe(recipeId);
      if (!recipe) throw new Error(`embeddings of split ${this.split} name recipe ${recipeId}, which its store does not hold`);
      const at = recipe.imageIds.indexOf(imageId);
      out.push({
        rank: i + 1,
        score: ranked[i].score,
        recipeId,
        imageId,
        title: recipe.title,
        className: recipe.className,
        imagePath: recipe.imagePaths[at >= 0 ? at : 0] ?? '',
      });
    }
    return out;
  }
}
