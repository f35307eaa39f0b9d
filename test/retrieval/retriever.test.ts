import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeQueryImage } from '../../lib/retrieval/image_input.js';
import { parseTop, Retriever } from '../../lib/retrieval/retriever.js';
import { QueryError } from '../../lib/retrieval/query_error.js';
import { catalog, embeddings, FakeEncoder, imageId, imagePath, INGREDIENTS, N, photo, photoOfHue, recipeId, STEW, TART, valEmbeddings } from './fixtures.js';

const retriever = () => new Retriever(embeddings(), new FakeEncoder(), catalog);

test('a photo finds its own recipe first and its hue neighbours next', async () => {
  const r = retriever();
  for (let i = 0; i < N; i++) {
    const image = await decodeQueryImage(await photo(i, 300, 200), `photo ${i}`, r.imageSize);
    const result = await r.byImage(image, 3);
    assert.equal(result.target, 'recipes');
    assert.equal(result.hits[0].recipeId, recipeId(i), `photo ${i}`);
    assert.equal(result.hits[0].rank, 1);
    assert.equal(result.hits[0].imagePath, imagePath(i));
    const neighbours = new Set([recipeId((i + 1) % N), recipeId((i + N - 1) % N)]);
    assert.ok(neighbours.has(result.hits[1].recipeId) && neighbours.has(result.hits[2].recipeId), `photo ${i}: ${JSON.stringify(result.hits)}`);
    assert.ok(result.hits[0].score > 0.99 && result.hits[1].score < 0.9);
  }
});

test('a recipe id finds its own photo first, without calling the model', async () => {
  const encoder = new FakeEncoder();
  const r = new Retriever(embeddings(), encoder, catalog);
  const result = await r.byRecipeId(recipeId(7), 5);
  assert.equal(result.target, 'images');
  assert.equal(result.hits[0].imageId, imageId(7));
  assert.equal(result.hits[0].recipeId, recipeId(7));
  assert.equal(result.hits.length, 5);
  assert.equal(encoder.calls, 0);
});

test('removing an ingredient from a recipe re-encodes it without that ingredient', async () => {
  // Recipe 4 holds ingredients 4 and 5; without its own, only 5's colour is left.
  const result = await retriever().byRecipeId(recipeId(4), 1, [INGREDIENTS[4].toUpperCase(), 'saffron']);
  assert.equal(result.hits[0].recipeId, recipeId(5));
  assert.deepEqual(result.ingredients, [INGREDIENTS[5]]);
  assert.deepEqual(result.removed, [INGREDIENTS[4]]);
  assert.deepEqual(result.notPresent, ['saffron']);
  await assert.rejects(retriever().byRecipeId(recipeId(4), 1, [INGREDIENTS[4], INGREDIENTS[5]]), /no ingredient left/);
});

test('ingredients find the photos of the dishes made of them, and report unknown names', async () => {
  const result = await retriever().byIngredients([' Mint ', 'unobtainium', 'tomato'], 2, ['tomato']);
  assert.equal(result.hits[0].recipeId, recipeId(INGREDIENTS.indexOf('mint')));
  assert.deepEqual(result.ingredients, ['mint']);
  assert.deepEqual(result.unknown, ['unobtainium']);
  assert.deepEqual(result.removed, ['tomato']);
  // Two ingredients of hues 0 and 2 average to hue 1.
  const mixed = await retriever().byIngredients(['tomato', 'lemon'], 1);
  assert.equal(mixed.hits[0].recipeId, recipeId(1));
  await assert.rejects(retriever().byIngredients(['unobtainium', 'moon rock'], 5), /none of these ingredients is in the vocabulary: unobtainium, moon_rock/);
  await assert.rejects(retriever().byIngredients([' ', ''], 5), /no ingredient given/);
});

test('an unknown recipe id is a 404 naming the id and split', async () => {
  await assert.rejects(retriever().byRecipeId('nope', 3), (e: unknown) => e instanceof QueryError && e.status === 404 && /'nope' in the test split/.test(e.message));
});

test('top must be an integer from 1 to 100', () => {
  assert.equal(parseTop(undefined, '--top'), 10);
  assert.equal(parseTop('7', '--top'), 7);
  for (const bad of ['0', '-3', '2.5', 'ten', '101']) assert.throws(() => parseTop(bad, '--top'), /--top must be an integer from 1 to 100/);
  // Number() reads all of these as 16 or 10; none is what a person means by a count.
  for (const bad of ['0x10', '0o20', '0b10000', '1e1', ' 16', '16 ', '+16', '16.0']) {
    assert.throws(() => parseTop(bad, 'top'), (e: unknown) => e instanceof QueryError && e.message === `top must be an integer from 1 to 100 in decimal digits, got '${bad}'`, bad);
  }
  assert.equal(parseTop('016', 'top'), 16);
});

test('k larger than the split returns every candidate once', async () => {
  const result = await retriever().byRecipeId(recipeId(0), 100);
  assert.equal(result.hits.length, N);
  assert.equal(new Set(result.hits.map((h) => h.recipeId)).size, N);
});

const twoSplits = () => new Retriever([embeddings(), valEmbeddings()], new FakeEncoder(), catalog);

test('a photo finds a recipe that has no photo: every recipe is ranked, text-only ones included', async () => {
  const r = twoSplits();
  const image = await decodeQueryImage(await photoOfHue(TART.hue), 'tart', r.imageSize);
  const result = await r.byImage(image, 3);
  assert.equal(result.split, 'all');
  assert.deepEqual(result.hits[0], { ...result.hits[0], recipeId: TART.id, split: 'val', imageId: '', imagePath: '', title: TART.title });
  assert.deepEqual(new Set(result.hits.slice(1).map((h) => h.recipeId)), new Set([recipeId(4), recipeId(5)]));
  assert.equal(result.hits[1].split, 'test');
  assert.deepEqual(r.counts, { recipes: N + 2, pairs: N + 1, images: N + 3 });
});

test('a recipe finds every photo of the splits, not only the one evaluation pairs it with', async () => {
  const result = await twoSplits().byRecipeId(STEW.id, 3);
  assert.deepEqual(result.hits.map((h) => h.imageId).sort(), [...STEW.imageIds].sort());
  assert.ok(result.hits.every((h) => h.recipeId === STEW.id && h.split === 'val'));
  const id = STEW.imageIds[2];
  assert.equal(result.hits.find((h) => h.imageId === id)?.imagePath, ['images', 'val', id[0], id[1], id[2], id[3], id].join('/'));
});

test('a query may name one of the loaded splits; another is a 400 naming those there are', async () => {
  const r = twoSplits();
  const image = await decodeQueryImage(await photoOfHue(TART.hue), 'tart', r.imageSize);
  const test = await r.byImage(image, 20, 'test');
  assert.equal(test.split, 'test');
  assert.equal(test.hits.length, N);
  assert.ok(test.hits.every((h) => h.split === 'test'));
  assert.deepEqual((await r.byIngredients(['plum'], 5, [], 'val')).hits.map((h) => h.recipeId), [STEW.id, STEW.id, STEW.id]);
  assert.equal((await r.byRecipeId(recipeId(0), 20, [], 'all')).hits.length, N + 3);
  await assert.rejects(r.byImage(image, 3, 'train'), (e: unknown) => e instanceof QueryError && e.status === 400 && /split 'train' is not searched here; this index holds all, test, val/.test(e.message));
  await assert.rejects(retriever().byImage(image, 3, 'val'), /this index holds test$/);
  assert.throws(() => new Retriever([embeddings(), embeddings()], new FakeEncoder(), catalog), /a split is given twice/);
});
