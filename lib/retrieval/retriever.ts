/**
 * Retrieval for people: the extracted embeddings of one or more splits in
 * two cosine indices each (every recipe, with or without a photo; every
 * photo), a model to embed new queries, and the recipes to show.
 *
 *   photo       → image head  → rank recipe embeddings  (im2recipe)
 *   recipe id   → its recipe embedding → rank image embeddings (recipe2im)
 *   ingredients → recipe encoder, ingredients only → rank image embeddings
 *
 * A query searches every loaded split, or the one it names; the results of
 * several splits are merged by score (ties: split order, then row).
 *
 * The model and the data sit behind two small interfaces so that this file
 * needs neither TensorFlow.js nor the stores (tests give fakes; the commands
 * give the trained model, see session.ts).
 */
import { CosineIndex } from './cosine_index.js';
import type { ExtractedEmbeddings } from '../experiment/embeddings_io.js';
import type { RawImage } from '../data/backbone/types.js';
import type { RecipeTokens } from '../data/batch.js';
import type { EncodedRecipe } from '../data/types.js';
import { ingredientToken } from '../data/text.js';
import { resolveIngredients, type TokenLookup } from './ingredient_query.js';
import { QueryError } from './query_error.js';

/** Embeds queries with the trained model; outputs are [dim]. */
export interface QueryEncoder {
  /** Photos are decoded to imageSize × imageSize before `embedImage`. */
  readonly imageSize: number;
  embedImage(image: RawImage): Promise<Float32Array>;
  /** A recipe as tokens; `instructions` may be empty (an ingredients-only query). */
  embedRecipe(recipe: RecipeTokens): Promise<Float32Array>;
}

/**
 * A recipe as the page and the CLI show it: the store's recipe (its text
 * as written and the tokens the model reads) with its split, its class's
 * name and the names of its ingredient tokens.
 */
export type RecipeDetails = Omit<EncodedRecipe, 'index' | 'imageRows'> & {
  /** The split whose store holds it. */
  split: string;
  className: string;
  /** The ingredient names the model reads ("olive_oil"), one per token of `ingredients`. */
  ingredientNames: string[];
};

/** The recipes of the splits the embeddings come from (ids are unique across splits: prepare keeps one record per id). */
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
  /** The split the recipe belongs to (the Retriever always says; a search inside one split may leave it out). */
  split?: string;
  /** The photo ranked, or for a recipe the photo evaluation pairs it with; '' for a recipe without a photo. */
  imageId: string;
  title: string;
  className: string;
  /** The hit's photo, relative to the Recipe1M root ('' when it has none). */
  imagePath: string;
}

export type QueryKind = 'image' | 'recipe' | 'ingredients';

export interface SearchResult {
  kind: QueryKind;
  /** What was ranked: recipes for a photo, photos otherwise. */
  target: 'recipes' | 'images';
  /** The split searched, or 'all'. */
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

/** One split's rows: every recipe and every photo of its extracted set. */
class SplitRows {
  readonly recipes: CosineIndex;
  readonly images: CosineIndex;

  constructor(readonly e: ExtractedEmbeddings) {
    this.recipes = new CosineIndex(e.all.recipes, e.dim);
    this.images = new CosineIndex(e.all.images, e.dim);
  }
}

interface RowHit {
  set: number;
  index: number;
  score: number;
}

/** The loaded splits' sizes, for the page and the server's log. */
export interface RetrieverCounts {
  recipes: number;
  /** Recipes with a photo (the pairs). */
  pairs: number;
  images: number;
}

export class Retriever {
  /** The split searched by default: its name, or 'all' when several are loaded. */
  readonly split: string;
  /** The loaded splits, in order. */
  readonly splits: string[];
  readonly counts: RetrieverCounts;
  readonly checkpoint: string;
  private readonly sets: SplitRows[];
  private readonly rowOfRecipe = new Map<string, { set: number; row: number }>();

  constructor(
    embeddings: ExtractedEmbeddings | readonly ExtractedEmbeddings[],
    private readonly encoder: QueryEncoder,
    private readonly catalog: RecipeCatalog,
  ) {
    const list = Array.isArray(embeddings) ? (embeddings as readonly ExtractedEmbeddings[]) : [embeddings as ExtractedEmbeddings];
    if (list.length === 0) throw new Error('Retriever: no embeddings');
    this.sets = list.map((e) => new SplitRows(e));
    this.splits = list.map((e) => e.split);
    if (new Set(this.splits).size !== this.splits.length) throw new Error(`Retriever: a split is given twice (${this.splits.join(', ')})`);
    this.split = list.length === 1 ? list[0].split : 'all';
    const checkpoints = [...new Set(list.map((e) => e.checkpoint))];
    this.checkpoint = checkpoints.join(', ');
    this.counts = {
      recipes: list.reduce((a, e) => a + e.all.recipeIds.length, 0),
      pairs: list.reduce((a, e) => a + e.recipeIds.length, 0),
      images: list.reduce((a, e) => a + e.all.imageIds.length, 0),
    };
    list.forEach((e, set) => e.all.recipeIds.forEach((id, row) => this.rowOfRecipe.set(id, { set, row })));
  }

  /** The side of the square a photo query is decoded to (decodeQueryImage). */
  get imageSize(): number {
    return this.encoder.imageSize;
  }

  /** The sets a query searches: those of `split` when given ('all' or absent: every loaded one). */
  private selected(split: string | undefined): number[] {
    if (split === undefined || split === '' || split === 'all') return this.sets.map((_, i) => i);
    const at = this.splits.indexOf(split);
    if (at < 0) throw new QueryError(`split '${split}' is not searched here; this index holds ${this.splits.length > 1 ? `all, ${this.splits.join(', ')}` : this.splits[0]}`);
    return [at];
  }

  private label(sets: number[]): string {
    return sets.length === 1 ? this.splits[sets[0]] : 'all';
  }

  /** The k best rows of the chosen sets' recipe or image indices, merged by score (ties: set order, then row). */
  private rank(sets: number[], side: 'recipes' | 'images', query: Float32Array, k: number): RowHit[] {
    const all = sets.flatMap((set) => this.sets[set][side].search(query, k).map((s) => ({ set, index: s.index, score: s.score })));
    all.sort((a, b) => b.score - a.score || a.set - b.set || a.index - b.index);
    return all.slice(0, k);
  }

  /** A photo, decoded to imageSize × imageSize → the recipes closest to it, with or without photos. */
  async byImage(image: RawImage, top: number, split?: string): Promise<SearchResult> {
    const start = performance.now();
    const sets = this.selected(split);
    const q = await this.encoder.embedImage(image);
    const hits = await this.recipeHits(this.rank(sets, 'recipes', q, top));
    return { kind: 'image', target: 'recipes', split: this.label(sets), hits, tookMs: performance.now() - start };
  }

  /**
   * A recipe of a loaded split → the photos closest to it. With `remove`, the
   * recipe is re-encoded without those ingredients.
   */
  async byRecipeId(id: string, top: number, remove: readonly string[] = [], split?: string): Promise<SearchResult> {
    const start = performance.now();
    const sets = this.selected(split);
    const recipe = await this.requireRecipe(id);
    const base = { kind: 'recipe' as const, target: 'images' as const, split: this.label(sets) };
    const at = this.rowOfRecipe.get(id);
    if (remove.length === 0 && at !== undefined) {
      const hits = await this.imageHits(this.rank(sets, 'images', this.sets[at.set].recipes.row(at.row), top));
      return { ...base, hits, tookMs: performance.now() - start };
    }
    const drop = new Set(remove.map(ingredientToken).filter(Boolean));
    const keptNames: string[] = [];
    const kept: number[] = [];
    recipe.ingredientNames.forEach((name, i) => {
      if (!drop.has(ingredientToken(name))) {
        keptNames.push(name);
        kept.push(recipe.ingredients[i]);
      }
    });
    const present = new Set(recipe.ingredientNames.map(ingredientToken));
    const removed = [...drop].filter((n) => present.has(n));
    const notPresent = [...drop].filter((n) => !present.has(n));
    if (kept.length === 0) throw new QueryError(`recipe ${id}: no ingredient left after removing ${removed.join(', ')}`);
    const q = await this.encoder.embedRecipe({
      ingredients: Int32Array.from(kept),
      instructions: recipe.instructions,
      sentenceVectors: recipe.sentenceVectors,
    });
    const hits = await this.imageHits(this.rank(sets, 'images', q, top));
    return { ...base, ingredients: keptNames, removed, notPresent, hits, tookMs: performance.now() - start };
  }

  /** Ingredient names → the photos of dishes closest to a recipe made of them. */
  async byIngredients(names: readonly string[], top: number, remove: readonly string[] = [], split?: string): Promise<SearchResult> {
    const start = performance.now();
    const sets = this.selected(split);
    const r = resolveIngredients(names, remove, this.catalog.lookupToken);
    const q = await this.encoder.embedRecipe({ ingredients: r.tokens, instructions: [] });
    const hits = await this.imageHits(this.rank(sets, 'images', q, top));
    return {
      kind: 'ingredients',
      target: 'images',
      split: this.label(sets),
      ingredients: r.used,
      unknown: r.unknown,
      removed: r.removed,
      notPresent: r.notPresent,
      hits,
      tookMs: performance.now() - start,
    };
  }

  /** A recipe of a loaded split, or a 404 QueryError. */
  async requireRecipe(id: string): Promise<RecipeDetails> {
    const recipe = await this.catalog.recipe(id);
    if (!recipe) throw new QueryError(`no recipe with id '${id}' in the ${this.split === 'all' ? `${this.splits.join(', ')} splits` : `${this.split} split`}`, 404);
    return recipe;
  }

  private async details(recipeId: string, set: number): Promise<RecipeDetails> {
    const recipe = await this.catalog.recipe(recipeId);
    if (!recipe) throw new Error(`embeddings of split ${this.splits[set]} name recipe ${recipeId}, which its store does not hold`);
    return recipe;
  }

  /** Ranked recipe rows: a pair shows the photo evaluation pairs it with, a text-only recipe none. */
  private async recipeHits(ranked: RowHit[]): Promise<SearchHit[]> {
    const out: SearchHit[] = [];
    for (const [i, h] of ranked.entries()) {
      const e = this.sets[h.set].e;
      const recipeId = e.all.recipeIds[h.index];
      const recipe = await this.details(recipeId, h.set);
      const imageId = h.index < e.recipeIds.length ? e.imageIds[h.index] : '';
      out.push(this.hit(i, h, recipe, imageId));
    }
    return out;
  }

  /** Ranked photo rows, each shown with its recipe. */
  private async imageHits(ranked: RowHit[]): Promise<SearchHit[]> {
    const out: SearchHit[] = [];
    for (const [i, h] of ranked.entries()) {
      const e = this.sets[h.set].e;
      const recipe = await this.details(e.all.recipeIds[e.all.imageRecipeRows[h.index]], h.set);
      out.push(this.hit(i, h, recipe, e.all.imageIds[h.index]));
    }
    return out;
  }

  private hit(i: number, h: RowHit, recipe: RecipeDetails, imageId: string): SearchHit {
    const at = imageId === '' ? -1 : recipe.imageIds.indexOf(imageId);
    return {
      rank: i + 1,
      score: h.score,
      recipeId: recipe.id,
      split: this.splits[h.set],
      imageId,
      title: recipe.title,
      className: recipe.className,
      imagePath: at >= 0 ? recipe.imagePaths[at] : '',
    };
  }
}
