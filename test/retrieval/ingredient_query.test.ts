import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIngredientList, resolveIngredients } from '../../lib/retrieval/ingredient_query.js';

test('ingredient lists are split, normalised like the data pipeline and resolved with reports', () => {
  assert.deepEqual(parseIngredientList('Olive  Oil, garlic;BASIL\n, , garlic'), ['olive_oil', 'garlic', 'basil']);
  const vocab = new Map([['olive_oil', 7], ['garlic', 3]]);
  const r = resolveIngredients(['olive_oil', 'basil', 'garlic'], ['Garlic', 'salt'], (n) => vocab.get(n));
  assert.deepEqual([...r.tokens], [7]);
  assert.deepEqual(r.used, ['olive_oil']);
  assert.deepEqual(r.unknown, ['basil']);
  assert.deepEqual(r.removed, ['garlic']);
  assert.deepEqual(r.notPresent, ['salt']);
  assert.throws(() => resolveIngredients(['basil'], [], (n) => vocab.get(n)), /none of these ingredients is in the vocabulary: basil/);
  assert.throws(() => resolveIngredients(['garlic'], ['garlic'], (n) => vocab.get(n)), /no ingredient left after removing garlic/);
});
