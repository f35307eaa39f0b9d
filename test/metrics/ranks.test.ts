import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsDotProducts } from '../../lib/metrics/dot_products.js';
import { rankOfMatches } from '../../lib/metrics/ranks.js';
import { atAngles, gaussian, naiveRanks } from './helpers.js';

// Hand-built 4 pairs in 2-d (s = cos 45°). Image 3 points the same way as
// image 0 (norm 3 instead of 1), image 1 has norm 2: rows are normalised.
//          R0=(1,0) R1=(1,1) R2=(0,1) R3=(1,-1)
// I0=(1,0)    1       s        0       s
// I1=(0,2)    0       s        1      -s
// I2=(1,1)    s       1        s       0
// I3=(3,0)    1       s        0       s
// im2recipe: I0 none above 1 -> 1; I1 R2 above s -> 2; I2 R1 above s, R0/R2 tie -> 2; I3 R0 above, R1 ties -> 2.
// recipe2im: R0 I3 ties -> 1; R1 I2 above -> 2; R2 I1 above -> 2; R3 I0 ties, rest below -> 1.
const tieImages = Float32Array.from([1, 0, 0, 2, 1, 1, 3, 0]);
const tieRecipes = Float32Array.from([1, 0, 1, 1, 0, 1, 1, -1]);

test('hand-built ranks with ties favour the query, for every block size', () => {
  for (const blockRows of [1, 3, 4, 1000]) {
    const r = rankOfMatches(tieImages, tieRecipes, 4, 2, { blockRows, dot: jsDotProducts });
    assert.deepEqual(Array.from(r.im2recipe), [1, 2, 2, 2], `im2recipe, blockRows ${blockRows}`);
    assert.deepEqual(Array.from(r.recipe2im), [1, 2, 2, 1], `recipe2im, blockRows ${blockRows}`);
  }
});

test('3 x 3 angles case: ranks by hand', () => {
  // cos(image - recipe) with images at 0, 30, 70 degrees and recipes at 0, 90, 45:
  // rows [1, 0, .707], [.866, .5, .966], [.342, .940, .906].
  const r = rankOfMatches(atAngles([0, 30, 70]), atAngles([0, 90, 45]), 3, 2);
  assert.deepEqual(Array.from(r.im2recipe), [1, 3, 2]);
  assert.deepEqual(Array.from(r.recipe2im), [1, 2, 2]);
});

test('ranks match the definition on random embeddings (odd sizes, uneven blocks)', () => {
  const count = 67;
  const dim = 9;
  const images = gaussian(count, dim, 1);
  const recipes = gaussian(count, dim, 2);
  const expected = naiveRanks(images, recipes, count, dim);
  const r = rankOfMatches(images, recipes, count, dim, { blockRows: 10 });
  assert.deepEqual(Array.from(r.im2recipe), expected.im2recipe);
  assert.deepEqual(Array.from(r.recipe2im), expected.recipe2im);
});

test('swapping the modalities swaps the two directions', () => {
  const count = 50;
  const dim = 16;
  const images = gaussian(count, dim, 3);
  const recipes = gaussian(count, dim, 4);
  const a = rankOfMatches(images, recipes, count, dim);
  const b = rankOfMatches(recipes, images, count, dim);
  assert.deepEqual(b.im2recipe, a.recipe2im);
  assert.deepEqual(b.recipe2im, a.im2recipe);
});

test('errors name the bad row and the bad size', () => {
  const zero = Float32Array.from([1, 0, 0, 0]);
  assert.throws(() => rankOfMatches(zero, tieRecipes.subarray(0, 4), 2, 2), /images: row 1 has norm 0/);
  assert.throws(() => rankOfMatches(tieImages, tieRecipes, 3, 2), /expected 3 x 2 = 6 values, got 8/);
});
