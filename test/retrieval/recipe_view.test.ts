/**
 * Recipes are shown as written: the catalog passes the store's original
 * lines and sentences through (not the tokens, which the limits cut), and
 * the CLI text and JSON views print them unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Manifest, RecipeStore } from '../../lib/data/index.js';
import type { EncodedRecipe } from '../../lib/data/types.js';
import { formatRecipe, formatSearchResult } from '../../lib/commands/search_output.js';
import { featuredRecipe } from '../../lib/commands/search_query.js';
import { recipeView } from '../../lib/retrieval/recipe_view.js';
import { Retriever } from '../../lib/retrieval/retriever.js';
import { StoreCatalog } from '../../lib/retrieval/store_catalog.js';
import { catalog, embeddings, FakeEncoder, recipe, recipeId, recipeUrl } from './fixtures.js';

const vocab = ['<pad>', '<unk>', 'onion', 'olive_oil'];
// More lines and sentences than any token limit keeps, in their own case and punctuation.
const LINES = Array.from({ length: 25 }, (_, k) => (k === 0 ? '1/2 cup Chopped ONION (about ½ medium)' : `${k + 1} tsp Spice #${k + 1}`));
const SENTENCES = Array.from({ length: 23 }, (_, k) => `Step ${k + 1}: Stir — don't BOIL, 180°C.`);

function stored(index: number, id: string, url?: string): EncodedRecipe {
  return {
    index, id, title: `Dish ${id}`, classIndex: 1, ...(url ? { url } : {}),
    ingredients: Int32Array.from([2, 1, 3]), instructions: [Int32Array.from([2, 1])],
    ingredientLines: LINES, instructionTexts: SENTENCES,
    imageIds: [`${id}.jpg`], imagePaths: [`images/test/${id}.jpg`],
  };
}

const recipes = [stored(0, 'a', 'http://www.food.example/a'), stored(1, 'b')];
const store = { size: 2, textOnly: 0, recipeCount: 2, split: 'test', recipe: (i: number) => recipes[i] } as unknown as RecipeStore;
const manifest = { classNames: ['background', 'pizza'] } as unknown as Manifest;

test('StoreCatalog shows the stored lines and sentences as written, all of them, and the url', async () => {
  const c = new StoreCatalog([{ store, recipeIds: ['a', 'b'] }], vocab, manifest);
  const a = (await c.recipe('a'))!;
  assert.deepEqual(a.ingredientLines, LINES);
  assert.deepEqual(a.instructionTexts, SENTENCES);
  assert.equal(a.url, 'http://www.food.example/a');
  assert.equal(a.className, 'pizza');
  // The model's view stays the tokens: names from the vocabulary, for --remove.
  assert.deepEqual(a.ingredientNames, ['onion', '<unk>', 'olive_oil']);
  assert.deepEqual([...a.ingredients], [2, 1, 3]);
  const b = (await c.recipe('b'))!;
  assert.equal('url' in b, false);
  assert.equal(await c.recipe('zz'), undefined);
  assert.equal(c.lookupToken('olive_oil'), 3);
  assert.equal(c.lookupToken('<unk>'), undefined);
});

test('recipeView is the shared JSON shape; formatRecipe prints every line and numbered sentence unchanged', async () => {
  const c = new StoreCatalog([{ store, recipeIds: ['a', 'b'] }], vocab, manifest);
  const a = (await c.recipe('a'))!;
  assert.deepEqual(recipeView(a), {
    id: 'a', split: 'test', title: 'Dish a', url: 'http://www.food.example/a', classIndex: 1, className: 'pizza',
    ingredients: LINES, ingredientNames: ['onion', '<unk>', 'olive_oil'], instructions: SENTENCES,
    images: [{ id: 'a.jpg', path: 'images/test/a.jpg' }],
  });
  const text = formatRecipe(a).split('\n');
  assert.deepEqual(text.slice(0, 3), ['Dish a (a, pizza)', 'http://www.food.example/a', 'test split, photo images/test/a.jpg']);
  for (const l of LINES) assert.ok(text.includes(`  - ${l}`), l);
  assert.ok(text.includes(`   1. ${SENTENCES[0]}`));
  assert.ok(text.includes(`  23. ${SENTENCES[22]}`));
  assert.ok(!formatRecipe((await c.recipe('b'))!).includes('http'));
});

test('search output features the searched recipe, or the best match, as written', async () => {
  const retriever = new Retriever(embeddings(), new FakeEncoder(), catalog);
  const q = { kind: 'recipe' as const, id: recipeId(4), remove: [], top: 3 };
  const result = await retriever.byRecipeId(q.id, q.top);
  const featured = await featuredRecipe(retriever, q, result);
  assert.equal(featured?.id, recipeId(4));
  const text = formatSearchResult(q, result, featured);
  assert.match(text, /The recipe searched:/);
  for (const line of [...recipe(4).ingredientLines, ...recipe(4).instructionTexts, recipeUrl(4)]) assert.ok(text.includes(line), line);
  const byIngredients = await retriever.byIngredients(['mint'], 2);
  const q2 = { kind: 'ingredients' as const, names: ['mint'], remove: [], top: 2 };
  assert.equal((await featuredRecipe(retriever, q2, byIngredients))?.id, byIngredients.hits[0].recipeId);
  assert.match(formatSearchResult(q2, byIngredients, await featuredRecipe(retriever, q2, byIngredients)), /The best match:/);
});
