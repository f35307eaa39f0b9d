import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsDotProducts } from '../../lib/metrics/dot_products.js';
import { nearTieTolerance } from '../../lib/metrics/near_ties.js';
import { countAbove, rankOfMatches, ranksFromCounts, unitBag } from '../../lib/metrics/ranks.js';
import { retrievalMetrics } from '../../lib/metrics/retrieval.js';
import { atAngles, gaussian, identicalRows, jitteredDots, naiveRanks, rankFixtures, referenceRanks } from './helpers.js';

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

test('the near-tie band is twice the float32 rounding bound gamma_dim', () => {
  // gamma_n = n u / (1 - n u), u = 2^-24.
  const u = 2 ** -24;
  for (const dim of [1, 48, 1024]) assert.equal(nearTieTolerance(dim), (2 * dim * u) / (1 - dim * u));
  assert.ok(Math.abs(nearTieTolerance(1024) - 1.2208e-4) < 1e-8);
  assert.throws(() => nearTieTolerance(0), /dim must be a positive integer, got 0/);
});

test('an engine rounding each entry differently per block gives the reference ranks: duplicates tie, near-ties decided in float64, any blockRows', () => {
  for (const f of rankFixtures(200)) {
    const expected = referenceRanks(f.images, f.recipes, f.count, f.dim);
    // A few units in the last place, and as far off as float32 rounding may be (the band covers twice that).
    const engines = [
      ['jittered 1e-7', jitteredDots(1e-7)],
      ['jittered to the bound', jitteredDots(nearTieTolerance(f.dim) / 2)],
      ['js', jsDotProducts],
    ] as const;
    for (const blockRows of [1, 7, 64, 1000]) {
      for (const [name, engine] of engines) {
        const r = rankOfMatches(f.images, f.recipes, f.count, f.dim, { dot: engine, blockRows });
        assert.deepEqual(Array.from(r.im2recipe), expected.im2recipe, `${f.name}, ${name}, blockRows ${blockRows}: im2recipe`);
        assert.deepEqual(Array.from(r.recipe2im), expected.recipe2im, `${f.name}, ${name}, blockRows ${blockRows}: recipe2im`);
      }
    }
  }
});

test('all-identical embeddings: R@1 = 1 and MedR = 1 in both directions, on a jittered engine', () => {
  const count = 300;
  const dim = 128;
  const x = identicalRows(count, dim, 7);
  for (const amplitude of [1e-7, nearTieTolerance(dim) / 2]) {
    const { values } = retrievalMetrics(
      { images: x, recipes: x, count, dim },
      { nb_bags: 1, nb_matchs_per_bag: count, protocol: 'disjoint', seed: null, dot: jitteredDots(amplitude) },
    );
    for (const dir of ['im2recipe', 'recipe2im']) {
      assert.equal(values[`recall_at_1_${dir}_mean`], 1, `${dir} R@1, jitter ${amplitude}`);
      assert.equal(values[`med_${dir}_mean`], 1, `${dir} MedR, jitter ${amplitude}`);
    }
  }
});

test('an engine off by more than float32 rounding allows is refused', () => {
  const f = rankFixtures(50)[1];
  assert.throws(
    () => rankOfMatches(f.images, f.recipes, f.count, f.dim, { dot: jitteredDots(20 * nearTieTolerance(f.dim)) }),
    /the similarity engine gave S\[\d+, \d+\] = .*float32 rounding at dim 48 allows at most 5\.72e-6: the engine does not compute in float32/,
  );
});

test('row ranges counted apart and merged give the same ranks; gaps and overlaps are refused', () => {
  const f = rankFixtures(50)[1];
  const bag = unitBag(f.images, f.recipes, f.count, f.dim);
  const dots = jsDotProducts(bag.images, bag.recipes, f.dim);
  const parts = [countAbove(dots, bag, 0, 40, 16), countAbove(dots, bag, 40, 41, 16), countAbove(dots, bag, 41, f.count, 50)];
  const whole = rankOfMatches(f.images, f.recipes, f.count, f.dim);
  assert.deepEqual(ranksFromCounts(f.count, parts), whole);
  assert.ok(parts.reduce((n, p) => n + p.settled, 0) > 0, 'the fixture has near-ties to settle');
  assert.throws(() => ranksFromCounts(f.count, [parts[0], parts[2]]), /query row 40 is counted by no part/);
  assert.throws(() => ranksFromCounts(f.count, [...parts, parts[1]]), /query row 40 is counted by two parts/);
});
