/**
 * Retrieval inside one split from its extracted embeddings (no model
 * needed): the photos closest to a recipe of the split, the recipes closest
 * to one of its photos. Hits carry what the notebook shows (title, class,
 * ingredient names, photo path).
 */
import type { RecipeStore } from '../data/store.js';
import type { Scored } from '../metrics/index.js';
import { CosineIndex } from '../retrieval/cosine_index.js';
import type { LoadedEmbeddings } from '../experiment/embeddings_io.js';
import type { SearchHit } from '../retrieval/retriever.js';

/** What is shown of one pair (row) of the split. */
export interface SplitItem {
  recipeId: string;
  imageId: string;
  title: string;
  classIndex: number;
  className: string;
  ingredientNames: string[];
  /** The row's photo, relative to the Recipe1M root. */
  imagePath: string;
}

/** The items of every embedding row, read from the split's store; `vocab` maps token ids to words. */
export function splitItems(emb: LoadedEmbeddings, store: RecipeStore, vocab: readonly string[], classNames: readonly string[]): SplitItem[] {
  const indexOf = new Map<string, number>();
  for (let i = 0; i < store.size; i++) indexOf.set(store.recipe(i).id, i);
  return emb.recipeIds.map((id, row) => {
    const at = indexOf.get(id);
    if (at === undefined) throw new Error(`embeddings of ${emb.split} row ${row} name recipe ${id}, which the ${store.split} store does not hold`);
    const r = store.recipe(at);
    const k = r.imageIds.indexOf(emb.imageIds[row]);
    if (k < 0) throw new Error(`embeddings of ${emb.split} row ${row}: image ${emb.imageIds[row]} is not one of recipe ${id}'s`);
    return {
      recipeId: id,
      imageId: emb.imageIds[row],
      title: r.title,
      classIndex: r.classIndex,
      className: r.classIndex === 0 ? 'background' : (classNames[r.classIndex] ?? `class ${r.classIndex}`),
      ingredientNames: Array.from(r.ingredients, (t) => vocab[t] ?? `#${t}`),
      imagePath: r.imagePaths[k],
    };
  });
}

export class SplitSearch {
  private readonly recipes: CosineIndex;
  private readonly images: CosineIndex;
  private readonly rowOf = new Map<string, number>();

  constructor(
    emb: LoadedEmbeddings,
    readonly items: readonly SplitItem[],
  ) {
    if (items.length !== emb.recipeIds.length) throw new Error(`SplitSearch: ${items.length} items for ${emb.recipeIds.length} embedding rows`);
    this.recipes = new CosineIndex(emb.recipes, emb.dim);
    this.images = new CosineIndex(emb.images, emb.dim);
    items.forEach((it, row) => this.rowOf.set(it.recipeId, row));
  }

  row(recipeId: string): number {
    const row = this.rowOf.get(recipeId);
    if (row === undefined) throw new Error(`SplitSearch: no recipe ${recipeId} in the split`);
    return row;
  }

  /** The k photos closest to the recipe of `row` (recipe→image). */
  imagesForRecipe(row: number, k: number): SearchHit[] {
    return this.hits(this.images.search(this.recipes.row(row), k));
  }

  /** The k recipes closest to the photo of `row` (image→recipe). */
  recipesForImage(row: number, k: number): SearchHit[] {
    return this.hits(this.recipes.search(this.images.row(row), k));
  }

  /** 1-based rank of the row's own photo among all photos for its recipe (recipe→image). */
  rankOfOwnImage(row: number): number {
    return this.images.search(this.recipes.row(row), this.images.size).findIndex((s) => s.index === row) + 1;
  }

  private hits(ranked: Scored[]): SearchHit[] {
    return ranked.map((s, i) => {
      const it = this.items[s.index];
      return { rank: i + 1, score: s.score, recipeId: it.recipeId, imageId: it.imageId, title: it.title, className: it.className, imagePath: it.imagePath };
    });
  }
}
