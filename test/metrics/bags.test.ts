import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleBags } from '../../lib/metrics/bags.js';

test('disjoint bags are disjoint, in range, and reproducible per seed', () => {
  const opts = { nbBags: 4, perBag: 25, protocol: 'disjoint' as const, seed: 7 };
  const bags = sampleBags(120, opts);
  assert.equal(bags.length, 4);
  const all = bags.flat();
  assert.ok(bags.every((b) => b.length === 25));
  assert.equal(new Set(all).size, 100, 'no index in two bags');
  assert.ok(all.every((i) => Number.isInteger(i) && i >= 0 && i < 120));
  assert.deepEqual(sampleBags(120, opts), bags);
  assert.notDeepEqual(sampleBags(120, { ...opts, seed: 8 }), bags);
});

test('disjoint bags may use the whole split exactly', () => {
  const bags = sampleBags(6, { nbBags: 2, perBag: 3, protocol: 'disjoint', seed: 1 });
  assert.deepEqual(bags.flat().sort((a, b) => a - b), [0, 1, 2, 3, 4, 5]);
});

test('independent bags are reproducible, distinct within a bag, and differ across bags', () => {
  const opts = { nbBags: 3, perBag: 40, protocol: 'independent' as const, seed: 1234 };
  const bags = sampleBags(50, opts);
  assert.deepEqual(sampleBags(50, opts), bags);
  for (const b of bags) {
    assert.equal(b.length, 40);
    assert.equal(new Set(b).size, 40);
    assert.ok(b.every((i) => i >= 0 && i < 50));
  }
  // 3 x 40 > 50: only possible because bags overlap.
  assert.ok(new Set(bags.flat()).size <= 50);
  assert.notDeepEqual(bags[0], bags[1]);
});

test('a split too small for disjoint bags fails naming the options and n', () => {
  assert.throws(
    () => sampleBags(49_999, { nbBags: 5, perBag: 10_000, protocol: 'disjoint', seed: 1 }),
    (err: Error) => /nb_bags/.test(err.message) && /nb_matchs_per_bag/.test(err.message) && /n = 49999/.test(err.message),
  );
  assert.throws(() => sampleBags(10, { nbBags: 1, perBag: 11, protocol: 'independent', seed: 1 }), /nb_matchs_per_bag = 11 <= n/);
  assert.throws(() => sampleBags(10, { nbBags: 0, perBag: 1, protocol: 'disjoint', seed: 1 }), /nb_bags must be a positive integer, got 0/);
  assert.throws(() => sampleBags(10, { nbBags: 1, perBag: 1, protocol: 'other' as never, seed: 1 }), /protocol must be one of disjoint, independent, got 'other'/);
});
