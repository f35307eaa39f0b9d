import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topK } from '../../lib/metrics/top_k.js';
import { gaussian, withDuplicates } from './helpers.js';

test('hand-made candidates: cosine order, ties to the lower index, zero candidate scores 0', () => {
  // Query (1, 0). Candidates: (0,1) cos 0; (2,0) cos 1; (-1,0) cos -1; (1,1) cos .707; (5,0) cos 1; (0,0) zero.
  const candidates = Float32Array.from([0, 1, 2, 0, -1, 0, 1, 1, 5, 0, 0, 0]);
  const best = topK(Float32Array.from([3, 0]), candidates, 6, 2, 4);
  assert.deepEqual(best.map((s) => s.index), [1, 4, 3, 0]);
  assert.ok(Math.abs(best[2].score - Math.SQRT1_2) < 1e-6);
  assert.deepEqual(topK(Float32Array.from([1, 0]), candidates, 6, 2, 10).map((s) => s.index), [1, 4, 3, 0, 5, 2]);
  assert.deepEqual(topK(Float32Array.from([1, 0]), candidates, 6, 2, 0), []);
});

test('agrees with a full sort on random data', () => {
  const count = 3000;
  const dim = 24;
  const candidates = gaussian(count, dim, 51);
  const query = gaussian(1, dim, 52);
  const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));
  const all = Array.from({ length: count }, (_, c) => {
    const row = candidates.subarray(c * dim, (c + 1) * dim);
    return { index: c, score: row.reduce((s, x, d) => s + x * query[d], 0) / (norm(row) * norm(query)) };
  }).sort((a, b) => b.score - a.score);
  const got = topK(query, candidates, count, dim, 25);
  assert.deepEqual(got.map((s) => s.index), all.slice(0, 25).map((s) => s.index));
  got.forEach((s, i) => assert.ok(Math.abs(s.score - all[i].score) < 1e-9));
});

test('bad sizes and a zero query are refused', () => {
  assert.throws(() => topK(new Float32Array(3), new Float32Array(4), 2, 2, 1), /query has 3 values, expected dim = 2/);
  assert.throws(() => topK(new Float32Array(2), new Float32Array(4), 2, 2, 1), /query has norm 0/);
  assert.throws(() => topK(Float32Array.from([1, 0]), new Float32Array(5), 2, 2, 1), /candidates has 5 values/);
});

test('exact duplicates tie wherever they lie: equal scores, lower index first, across the k boundary', () => {
  const count = 2000;
  const dim = 1024;
  const candidates = withDuplicates(gaussian(count, dim, 53), dim, [[1500, 3], [1500, 999], [1500, 1999], [7, 1000]]);
  const query = candidates.slice(1500 * dim, 1501 * dim);
  const best = topK(query, candidates, count, dim, 3);
  assert.deepEqual(best.map((s) => s.index), [3, 999, 1500]);
  assert.ok(best.every((s) => s.score === best[0].score));
  const four = topK(query, candidates, count, dim, 4);
  assert.equal(four[3].index, 1999);
  assert.equal(four[3].score, best[0].score);
});
