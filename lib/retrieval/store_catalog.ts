/**
 * The RecipeCatalog of prepared splits: recipes looked up by id through the
 * extracted embeddings' rows (written in store order: the pairs, then the
 * text-only recipes), shown with the text the store keeps as written; the
 * vocabulary names the ingredient tokens the model reads, so that a query
 * can remove some.
 */
import { PAD, UNK, UNK_TOKEN, type Manifest, type RecipeStore } from '../data/index.js';
import type { EncodedRecipe } from '../data/types.js';
import type { RecipeCatalog, RecipeDetails } from './retriever.js';

export function recipeDetails(r: EncodedRecipe, split: string, vocab: readonly string[], classNames: readonly string[]): RecipeDetails {
  const { index: _index, imageRows: _imageRows, ...recipe } = r;
  return {
    ...recipe,
    split,
    className: classNames[r.classIndex] ?? String(r.classIndex),
    ingredientNames: Array.from(r.ingredients, (t) => (t === UNK ? UNK_TOKEN : (vocab[t] ?? UNK_TOKEN))),
  };
}

export class StoreCatalog implements RecipeCatalog {
  private readonly rowOf = new Map<string, { store: RecipeStore; row: number }>();
  private readonly tokenIds: Map<string, number>;

  /**
   * `splits[k].recipeIds[i]` must be the id of recipe i of `splits[k].store`,
   * for every recipe of the split (checked on every read).
   */
  constructor(
    splits: ReadonlyArray<{ store: RecipeStore; recipeIds: readonly string[] }>,
    private readonly vocab: readonly string[],
    private readonly manifest: Manifest,
  ) {
    for (const { store, recipeIds } of splits) {
      if (recipeIds.length !== store.recipeCount) {
        throw new Error(
          `the embeddings hold ${recipeIds.length} recipes but the ${store.split} store holds ${store.recipeCount} (${store.size} with photos, ${store.textOnly} without): run \`recipe1m extract\` again`,
        );
      }
      recipeIds.forEach((id, row) => this.rowOf.set(id, { store, row }));
    }
    this.tokenIds = new Map(vocab.map((w, i) => [w, i]));
  }

  async recipe(id: string): Promise<RecipeDetails | undefined> {
    const at = this.rowOf.get(id);
    if (at === undefined) return undefined;
    const r = at.store.recipe(at.row);
    if (r.id !== id) {
      throw new Error(`the embeddings put recipe ${id} at row ${at.row}, where the ${at.store.split} store holds ${r.id}: run \`recipe1m extract\` again`);
    }
    return recipeDetails(r, at.store.split, this.vocab, this.manifest.classNames);
  }

  lookupToken = (name: string): number | undefined => {
    const id = this.tokenIds.get(name);
    return id === undefined || id === PAD || id === UNK ? undefined : id;
  };
}
