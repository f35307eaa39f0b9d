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
  assert.deepEqual(names, [['pizza (2)', true], ['pizza (2)', false], ['background (1)', true], ['background (1)', false]]);
  assert.deepEqual(fig.data[1].text, ['image: a [pizza]', 'image: c [pizza]']);
  assert.equal(fig.layout?.showlegend, true);
  const colour = (i: number) => (fig.data[i].marker as { color: string }).color;
  assert.equal(colour(1), colour(2));
  assert.equal(colour(3), '#bbbbbb');
  assert.deepEqual(fig.data[1].x, [0, 2]);
  assert.throws(() => modalityMapFigure({ images: [p(0)], recipes: [], classes: [0], labels: ['a'] }, [], 't'), /1 images, 0 recipes/);
});

test('modalityMapFigure: a legend with any number of classes, the most frequent named, the rest in one entry', () => {
  const n = 40;
  // Class c (1..25) appears c times at most 3: classes 1-2 once or twice, the rest 3 times.
  const classes = Array.from({ length: n }, (_, i) => 1 + (i % 25));
  const p = (x: number) => ({ x, y: x });
  const names = ['bg', ...Array.from({ length: 25 }, (_, c) => `class-${c + 1}`)];
  const fig = modalityMapFigure({ images: classes.map((_, i) => p(i)), recipes: classes.map((_, i) => p(-i)), classes, labels: classes.map(String) }, names, 'many');
  const legend = fig.data.filter((t) => t.showlegend === true).map((t) => t.name as string);
  assert.equal(fig.layout?.showlegend, true);
  assert.equal(legend.length, 13, legend.join(', '));
  // Classes 1-15 appear twice, 16-25 once: the 12 named are classes 1-12; 13-15 (twice) and 16-25 share one entry.
  assert.deepEqual(legend.slice(0, 2), ['class-1 (2)', 'class-2 (2)']);
  assert.equal(legend[12], '13 other classes (16)');
  const shown = fig.data.slice(1).reduce((a, t) => a + (t.x as number[]).length, 0);
  assert.equal(shown, 2 * n, 'every photo and recipe is drawn once');
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
