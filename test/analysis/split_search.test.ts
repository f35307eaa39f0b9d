import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecipeStore } from '../../lib/data/store.js';
import type { EncodedRecipe } from '../../lib/data/types.js';
import type { LoadedEmbeddings } from '../../lib/experiment/embeddings_io.js';
import { SplitSearch, splitItems } from '../../lib/analysis/split_search.js';

// Three pairs in 2-D: recipe i and image i point the same way; pair 2 is closer to pair 1 than to pair 0.
const emb: LoadedEmbeddings = {
  split: 'test',
  dim: 2,
  recipeIds: ['a', 'b', 'c'],
  imageIds: ['a1.jpg', 'b1.jpg', 'c2.jpg'],
  recipes: Float32Array.from([1, 0, 0, 1, 0.2, 1]),
  images: Float32Array.from([1, 0.1, 0, 1, 0.6, 1]),
  checkpoint: 'ckpt',
  createdAt: 'now',
};

function stored(index: number, id: string, classIndex: number, imageIds: string[]): EncodedRecipe {
  return {
    index, id, title: `T ${id}`, classIndex, ingredients: Int32Array.from([2, 3]), instructions: [], imageIds,
    imagePaths: imageIds.map((i) => `images/test/${i}`), ingredientLines: ['2 tomatoes', 'basil'], instructionTexts: [],
  };
}
const recipes = [stored(0, 'c', 1, ['c1.jpg', 'c2.jpg']), stored(1, 'a', 0, ['a1.jpg']), stored(2, 'b', 1, ['b1.jpg'])];
const store = { size: 3, split: 'test', recipe: (i: number) => recipes[i] } as unknown as RecipeStore;
const vocab = ['<pad>', '<unk>', 'tomato', 'basil'];

test('splitItems joins embedding rows to store recipes and picks the embedded photo', () => {
  const items = splitItems(emb, store, vocab, ['bg', 'pizza']);
  assert.deepEqual(items[2], {
    recipeId: 'c', imageId: 'c2.jpg', title: 'T c', classIndex: 1, className: 'pizza', ingredientNames: ['tomato', 'basil'], imagePath: 'images/test/c2.jpg',
  });
  assert.equal(items[0].className, 'background');
  const bad = { ...emb, imageIds: ['a1.jpg', 'b1.jpg', 'zz.jpg'] };
  assert.throws(() => splitItems(bad, store, vocab, []), /row 2: image zz\.jpg is not one of recipe c's/);
});

test('SplitSearch ranks photos for a recipe and recipes for a photo by cosine', () => {
  const s = new SplitSearch(emb, splitItems(emb, store, vocab, ['bg', 'pizza']));
  const forA = s.imagesForRecipe(s.row('a'), 3);
  assert.deepEqual(forA.map((h) => h.recipeId), ['a', 'c', 'b']);
  assert.equal(forA[0].rank, 1);
  assert.ok(Math.abs(forA[0].score - 1 / Math.hypot(1, 0.1)) < 1e-6);
  assert.deepEqual(s.recipesForImage(s.row('b'), 2).map((h) => h.recipeId), ['b', 'c']);
  assert.equal(s.rankOfOwnImage(s.row('c')), 2, 'image b is closer to recipe c than image c');
  assert.throws(() => s.row('zz'), /no recipe zz/);
});
