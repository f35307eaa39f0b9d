/**
 * The one set of batch builders (lib/data/batch.ts): recipes padded to the
 * batch's own longest lists within the limits, photos as rows of features,
 * and pairs whose sides must agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageBatch, pairBatch, pairBatchRows, recipeBatch } from '../../lib/data/batch.js';

const i32 = (...x: number[]) => Int32Array.from(x);

test('recipeBatch pads to the longest lists of the batch, cut to the limits, zeros elsewhere', () => {
  const b = recipeBatch([
    { ingredients: i32(4, 5, 6), instructions: [i32(7, 8), i32(9, 10, 11, 12)] },
    { ingredients: i32(3), instructions: [i32(2)] },
  ]);
  assert.deepEqual([b.size, b.maxIngredients, b.maxSentences, b.maxWords, b.sentenceDim], [2, 3, 2, 4, 0]);
  assert.deepEqual([...b.ingredients], [4, 5, 6, 3, 0, 0]);
  assert.deepEqual([...b.ingredientLengths], [3, 1]);
  assert.deepEqual([...b.instructionLengths], [2, 1]);
  assert.deepEqual([...b.sentenceLengths], [2, 4, 1, 0]);
  assert.deepEqual([...b.instructions], [7, 8, 0, 0, 9, 10, 11, 12, 2, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal('sentenceVectors' in b, false);
  const cut = recipeBatch([{ ingredients: i32(4, 5, 6), instructions: [i32(7, 8), i32(9, 10, 11, 12)] }], { maxIngredients: 2, maxSentences: 1, maxWords: 3 });
  assert.deepEqual([cut.maxIngredients, cut.maxSentences, cut.maxWords], [2, 1, 3]);
  assert.deepEqual([...cut.ingredients, ...cut.instructions, ...cut.sentenceLengths], [4, 5, 7, 8, 0, 2]);
  assert.throws(() => recipeBatch([]), /no recipe/);
});

test('recipeBatch: a query by ingredients has no sentence, in a padded instruction block of one', () => {
  const b = recipeBatch([{ ingredients: i32(3, 7), instructions: [] }], {}, 4);
  assert.deepEqual([b.maxSentences, b.maxWords, [...b.instructionLengths], [...b.sentenceLengths]], [1, 1, [0], [0]]);
  assert.deepEqual([...b.sentenceVectors!], [0, 0, 0, 0]);
});

test('recipeBatch: sentence vectors follow their sentences; a recipe with sentences but without vectors is refused', () => {
  const v = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
  const b = recipeBatch([{ ingredients: i32(3), instructions: [i32(1), i32(2)], sentenceVectors: v }, { ingredients: i32(4), instructions: [i32(5)], sentenceVectors: v.subarray(0, 2) }], {}, 2);
  assert.deepEqual([...b.sentenceVectors!].map((x) => Math.round(x * 10)), [1, 2, 3, 4, 1, 2, 0, 0]);
  assert.throws(() => recipeBatch([{ ingredients: i32(3), instructions: [i32(1)] }], {}, 2), /recipe 0 has 1 sentences but no sentence vectors of width 2/);
  assert.throws(() => recipeBatch([{ ingredients: i32(3), instructions: [i32(1), i32(2)], sentenceVectors: v.subarray(0, 2) }], {}, 2), /recipe 0 has 2 sentences but 1 sentence vectors of width 2/);
});

test('imageBatch holds the features as rows, nothing of a recipe; pairBatch joins two sides of one size', () => {
  const images = imageBatch(Float32Array.from([1, 2, 3, 4, 5, 6]), 3);
  assert.deepEqual(Object.keys(images).sort(), ['featureDim', 'imageFeatures', 'size']);
  assert.equal(images.size, 2);
  assert.throws(() => imageBatch(new Float32Array(5), 3), /5 values are not rows of width 3/);
  const recipes = recipeBatch([{ ingredients: i32(1), instructions: [i32(2)] }, { ingredients: i32(3), instructions: [i32(4)] }]);
  const pair = pairBatch(recipes, images, { indices: [4, 9], ids: ['a', 'b'], classes: [0, 2], imageIds: ['a.jpg', 'b.jpg'] });
  assert.deepEqual([pair.size, [...pair.indices], [...pair.classes], pair.imageIds, [...pair.imageFeatures], [...pair.ingredients]], [2, [4, 9], [0, 2], ['a.jpg', 'b.jpg'], [1, 2, 3, 4, 5, 6], [1, 3]]);
  assert.throws(() => pairBatch(recipes, imageBatch(new Float32Array(3), 3), { indices: [4, 9], ids: ['a', 'b'], classes: [0, 2], imageIds: ['a.jpg', 'b.jpg'] }), /2 recipes but 1 photos/);
});

test('pairBatchRows: the rows of a range, widths kept, each row as in the whole batch; a range outside is refused', () => {
  const v = Float32Array.from([1, 2, 3, 4, 5, 6]);
  const recipes = recipeBatch([
    { ingredients: i32(1, 2), instructions: [i32(3)], sentenceVectors: v.subarray(0, 1) },
    { ingredients: i32(4), instructions: [i32(5, 6), i32(7)], sentenceVectors: v.subarray(1, 3) },
    { ingredients: i32(8), instructions: [i32(9)], sentenceVectors: v.subarray(3, 4) },
  ], {}, 1);
  const pair = pairBatch(recipes, imageBatch(Float32Array.from([10, 11, 20, 21, 30, 31]), 2), { indices: [7, 8, 9], ids: ['a', 'b', 'c'], classes: [0, 1, 2], imageIds: ['a.jpg', 'b.jpg', 'c.jpg'] });
  const rows = pairBatchRows(pair, 1, 3);
  assert.deepEqual([rows.size, rows.maxIngredients, rows.maxSentences, rows.maxWords], [2, 2, 2, 2]);
  assert.deepEqual([...rows.ingredients], [4, 0, 8, 0]);
  assert.deepEqual([...rows.instructions], [5, 6, 7, 0, 9, 0, 0, 0]);
  assert.deepEqual([[...rows.sentenceLengths], [...rows.instructionLengths], [...rows.sentenceVectors!]], [[2, 1, 1, 0], [2, 1], [2, 3, 4, 0]]);
  assert.deepEqual([[...rows.indices], rows.ids, [...rows.classes], rows.imageIds, [...rows.imageFeatures]], [[8, 9], ['b', 'c'], [1, 2], ['b.jpg', 'c.jpg'], [20, 21, 30, 31]]);
  assert.equal(pairBatchRows(pair, 3, 3).size, 0);
  assert.throws(() => pairBatchRows(pair, 2, 4), /rows \[2, 4\) are not within a batch of 3/);
});
