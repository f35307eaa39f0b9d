import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Recipe, Split } from '../../lib/data/types.js';
import {
  recipeFacts,
  splitCounts,
  classDistribution,
  backgroundShare,
  topIngredients,
  topIngredientsPerClass,
  vocabularyCoverage,
} from '../../lib/analysis/recipe_stats.js';

function recipe(id: string, partition: Split, title: string, names: string[], instructions: string[], images: number): Recipe {
  return { id, title, partition, ingredients: names, ingredientNames: names, instructions, imageIds: Array.from({ length: images }, (_, i) => `${id}${i}.jpg`) };
}

const recipes = [
  recipe('a', 'train', 'Tomato soup', ['tomato', 'Olive Oil'], ['Chop the tomato.', 'Simmer it.'], 1),
  recipe('b', 'train', 'Pizza', ['tomato', 'mozzarella', 'tomato'], ['Bake.'], 2),
  recipe('c', 'val', 'Soup', ['onion'], ['Boil water now.'], 0),
  recipe('d', 'test', 'Pizza', ['mozzarella', 'basil'], ['Bake the pizza.'], 1),
];
const classOf = (r: Recipe) => (r.title === 'Pizza' ? 2 : 0);
const names = ['background', 'soup', 'pizza'];

test('recipeFacts and splitCounts count per split', () => {
  const facts = recipeFacts(recipes, classOf);
  assert.deepEqual(facts[0], { id: 'a', split: 'train', classIndex: 0, ingredients: 2, instructions: 2, instructionWords: 5, images: 1 });
  const rows = splitCounts(facts).objects();
  assert.deepEqual(rows, [
    { split: 'test', recipes: 1, with_images: 1, images: 1, classed_share: 1 },
    { split: 'train', recipes: 2, with_images: 2, images: 3, classed_share: 0.5 },
    { split: 'val', recipes: 1, with_images: 0, images: 0, classed_share: 0 },
  ]);
});

test('classDistribution and backgroundShare', () => {
  const facts = recipeFacts(recipes, classOf);
  const rows = classDistribution(facts, names).objects();
  assert.deepEqual(rows, [
    { classIndex: 0, name: '(background)', recipes: 2, share: 0.5 },
    { classIndex: 2, name: 'pizza', recipes: 2, share: 0.5 },
  ]);
  assert.equal(backgroundShare(facts), 0.5);
});

test('topIngredients counts each recipe once per name', () => {
  assert.deepEqual(topIngredients(recipes, 2), [
    { name: 'mozzarella', recipes: 2, share: 0.5 },
    { name: 'tomato', recipes: 2, share: 0.5 },
  ]);
  const per = topIngredientsPerClass(recipes, classOf, names, 5, 1);
  assert.deepEqual(per, [{ classIndex: 2, name: 'pizza', recipes: 2, top: [{ name: 'mozzarella', recipes: 2, share: 1 }] }]);
});

test('vocabularyCoverage counts held-out token occurrences in the vocabulary', () => {
  // Train tokens: tomato x3 (title a, instruction a, ingredient a) ... count by hand:
  // a: tomato soup | chop the tomato | simmer it | tomato olive_oil ; b: pizza | bake | tomato mozzarella tomato
  // Held-out c: soup | boil water now | onion  -> 5 tokens; only "soup" (count 1) is known.
  const cov = vocabularyCoverage(recipes.slice(0, 2), [recipes[2]], [1, 2]);
  assert.deepEqual(cov[0], { minCount: 1, vocabulary: 10, tokenCoverage: 1 / 5 });
  assert.deepEqual(cov[1], { minCount: 2, vocabulary: 1, tokenCoverage: 0 });
});
