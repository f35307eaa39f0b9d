import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { SearchHit } from '../../lib/retrieval/retriever.js';
import { hitsRow, rankOf, compareHits, modalityMapFigure, ingredientQuery, knownIngredients, removalTarget } from '../../lib/analysis/retrieval_views.js';
import type { SplitItem } from '../../lib/analysis/split_search.js';

const hit = (rank: number, recipeId: string): SearchHit => ({
  rank,
  score: 1 - rank / 10,
  recipeId,
  imageId: `${recipeId}.jpg`,
  title: `title ${recipeId}`,
  className: 'c',
  imagePath: `images/test/${recipeId}.jpg`,
});

test('hitsRow marks only the true recipe and resolves paths under the root', () => {
  const row = hitsRow('q', [hit(1, 'a'), hit(2, 'b')], '/data', 'b');
  assert.equal(row.label, 'q');
  assert.deepEqual(row.cells.map((c) => c.marked), [false, true]);
  assert.equal(row.cells[0].image, join('/data', 'images/test/a.jpg'));
  assert.equal(row.cells[1].caption, '#2 0.80 ✓');
  assert.equal(rankOf([hit(1, 'a'), hit(2, 'b')], 'b'), 2);
  assert.equal(rankOf([hit(1, 'a')], 'z'), null);
});

test('compareHits splits kept, dropped and added', () => {
  const change = compareHits([hit(1, 'a'), hit(2, 'b'), hit(3, 'c')], [hit(1, 'c'), hit(2, 'd'), hit(3, 'a')]);
  assert.deepEqual(change.kept, [
    { recipeId: 'a', title: 'title a', before: 1, after: 3 },
    { recipeId: 'c', title: 'title c', before: 3, after: 1 },
  ]);
  assert.deepEqual(change.dropped.map((h) => h.recipeId), ['b']);
  assert.deepEqual(change.added.map((h) => h.recipeId), ['d']);
});

test('modalityMapFigure: a link per pair, two traces per class sharing a colour', () => {
  const p = (x: number) => ({ x, y: -x });
  const fig = modalityMapFigure(
    { images: [p(0), p(1), p(2)], recipes: [p(3), p(4), p(5)], classes: [2, 0, 2], labels: ['a', 'b', 'c'] },
    ['bg', 'soup', 'pizza'],
    'map',
  );
  const links = fig.data[0] as { x: (number | null)[] };
  assert.deepEqual(links.x, [0, 3, null, 1, 4, null, 2, 5, null]);
  const names = fig.data.slice(1).map((t) => [t.name, t.showlegend]);
  assert.deepEqual(names, [['pizza', true], ['pizza', false], ['background', true], ['background', false]]);
  assert.deepEqual(fig.data[1].text, ['image: a', 'image: c']);
  const colour = (i: number) => (fig.data[i].marker as { color: string }).color;
  assert.equal(colour(1), colour(2));
  assert.equal(colour(3), '#bbbbbb');
  assert.deepEqual(fig.data[1].x, [0, 2]);
  assert.throws(() => modalityMapFigure({ images: [p(0)], recipes: [], classes: [0], labels: ['a'] }, [], 't'), /1 images, 0 recipes/);
});

const item = (recipeId: string, ingredientNames: string[]): SplitItem => ({
  recipeId, imageId: `${recipeId}.jpg`, title: recipeId, classIndex: 0, className: 'background', ingredientNames, imagePath: `images/test/${recipeId}.jpg`,
});

test('ingredientQuery keeps the preferred names the split knows, topped up with its most listed ones', () => {
  const items = [item('a', ['tomato', '<unk>', 'salt']), item('b', ['salt', 'flour']), item('c', ['salt', 'flour', 'egg'])];
  assert.deepEqual(knownIngredients(items[0]), ['tomato', 'salt']);
  assert.deepEqual(ingredientQuery(items, ['tomato', 'basil', 'mozzarella'], 3), ['tomato', 'salt', 'flour']);
  assert.deepEqual(ingredientQuery(items, ['basil'], 2), ['salt', 'flour']);
  assert.deepEqual(ingredientQuery([item('x', ['<unk>'])], ['tomato'], 3), []);
});

test('removalTarget: a recipe with 4 known ingredients, else 2, else none', () => {
  const two = item('two', ['salt', '<unk>', 'egg']);
  const four = item('four', ['<unk>', 'a', 'b', 'c', 'd']);
  assert.deepEqual(removalTarget([two, four]), { item: four, removed: 'a' });
  assert.deepEqual(removalTarget([two]), { item: two, removed: 'salt' });
  assert.equal(removalTarget([item('one', ['salt', '<unk>'])]), null);
});
