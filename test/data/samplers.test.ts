import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalBatches, trainBatches } from '../../lib/data/samplers.js';
import { Random } from '../../lib/util/random.js';

/** 400 background recipes and classes 1..4 with 40, 20, 10, 6 recipes, shuffled. */
function classes(): Int32Array {
  const list: number[] = [...Array(400).fill(0), ...Array(40).fill(1), ...Array(20).fill(2), ...Array(10).fill(3), ...Array(6).fill(4)];
  return Int32Array.from(new Random(5).shuffle(list));
}

test('trainBatches: half background, a quarter of same-class pairs, no repeats, ends when a pool runs out', () => {
  const c = classes();
  const batches = trainBatches(c, 20, new Random(1));
  // 5 pairs per batch, 38 pairs in all (20+10+5+3): 7 full batches; background (10 per batch) would last 40.
  assert.equal(batches.length, 7);
  const seen = new Set<number>();
  for (const b of batches) {
    assert.equal(b.length, 20);
    const bg = b.slice(0, 10), pairs = b.slice(10);
    assert.ok(bg.every((i) => c[i] === 0));
    for (let p = 0; p < pairs.length; p += 2) {
      assert.notEqual(c[pairs[p]], 0);
      assert.equal(c[pairs[p]], c[pairs[p + 1]], 'a pair shares its class');
    }
    for (const i of b) {
      assert.ok(!seen.has(i), `recipe ${i} repeats within the epoch`);
      seen.add(i);
    }
  }
  // Background runs out first when there is little of it.
  const few = Int32Array.from([...Array(25).fill(0), ...Array(200).fill(1)]);
  assert.equal(trainBatches(few, 20, new Random(2)).length, 2);
});

test('trainBatches: deterministic for a seed, different for another', () => {
  const c = classes();
  assert.deepEqual(trainBatches(c, 20, new Random(9)), trainBatches(c, 20, new Random(9)));
  assert.notDeepEqual(trainBatches(c, 20, new Random(9)), trainBatches(c, 20, new Random(10)));
});

test('trainBatches: the first pair\'s class is drawn with probability proportional to its pairs left', () => {
  // Classes 1, 2, 3 with 60, 30, 10 recipes: 30, 15, 5 pairs -> 0.6, 0.3, 0.1.
  const c = Int32Array.from([...Array(100).fill(0), ...Array(60).fill(1), ...Array(30).fill(2), ...Array(10).fill(3)]);
  const hits = [0, 0, 0, 0];
  const n = 4000;
  for (let s = 0; s < n; s++) {
    const b = trainBatches(c, 4, new Random(1000 + s))[0];
    hits[c[b[2]]]++;
  }
  const expected = [0, 0.6, 0.3, 0.1];
  for (const k of [1, 2, 3]) {
    const p = hits[k] / n;
    const sd = Math.sqrt((expected[k] * (1 - expected[k])) / n);
    assert.ok(Math.abs(p - expected[k]) < 4 * sd, `class ${k}: ${p.toFixed(3)} vs ${expected[k]}`);
  }
  // Later in the epoch the weights follow what is left: class 3 (5 pairs) is never drawn a 6th time.
  const perClass = [0, 0, 0, 0];
  for (const b of trainBatches(c, 4, new Random(3))) perClass[c[b[2]]]++;
  assert.ok(perClass[3] <= 5 && perClass[1] <= 30 && perClass[2] <= 15);
});

test('trainBatches: all background or no pairs falls back to shuffled batches; bad batch size is an error', () => {
  const bg = new Int32Array(50);
  const b = trainBatches(bg, 10, new Random(1));
  assert.equal(b.length, 5);
  assert.equal(new Set(b.flat()).size, 50);
  assert.throws(() => trainBatches(bg, 1, new Random(1)), /batchSize/);
});

test('evalBatches: a seeded permutation in batches, the last one short', () => {
  const b = evalBatches(23, 10, 4);
  assert.deepEqual(b.map((x) => x.length), [10, 10, 3]);
  assert.deepEqual([...b.flat()].sort((x, y) => x - y), [...Array(23).keys()]);
  assert.deepEqual(evalBatches(23, 10, 4), b);
  assert.notDeepEqual(evalBatches(23, 10, 5), b);
});

test('datasetSchema: the dataset section and its defaults', async () => {
  const { datasetSchema } = await import('../../lib/data/schema.js');
  const { defaults } = await import('../../lib/options/index.js');
  assert.deepEqual(defaults(datasetSchema), {
    dir: 'data/recipe1m-mini-small/prepared',
    train_split: 'train',
    eval_split: 'val',
    batch_size: 100,
    max_ingredients: 20,
    max_sentences: 20,
    max_words: 20,
  });
});

/** 60 background recipes, classes 1-3 with two recipes each (3 same-class pairs), classes 4-15 with one: a small real collection's shape. */
function sparse(): Int32Array {
  const list = [...Array(60).fill(0), 1, 1, 2, 2, 3, 3, ...Array.from({ length: 12 }, (_, i) => 4 + i)];
  return Int32Array.from(new Random(8).shuffle(list));
}

test('trainBatches: a split the class-balanced rule cannot fill gets filled batches: its pairs first, then uniform, no repeats', async () => {
  const { fillNote } = await import('../../lib/data/samplers.js');
  const c = sparse();
  for (const B of [16, 20, 32, 64, 78]) {
    const batches = trainBatches(c, B, new Random(4));
    assert.equal(batches.length, Math.floor(78 / B), `B = ${B}: every full batch of the split`);
    const all = batches.flat();
    assert.equal(new Set(all).size, all.length, `B = ${B}: no recipe repeats`);
    assert.ok(batches.every((b) => b.length === B));
    // The first batch opens with the split's 3 same-class pairs (floor(B/4) >= 4 > 3).
    const head = batches[0].slice(0, 6);
    for (let p = 0; p < 6; p += 2) {
      assert.notEqual(c[head[p]], 0);
      assert.equal(c[head[p]], c[head[p + 1]]);
    }
    assert.match(fillNote(c, B) ?? '', new RegExp(`needs ${Math.floor(B / 4)} same-class pairs .* has 3 same-class pairs and 60 background recipes`));
  }
  assert.deepEqual(trainBatches(c, 100, new Random(4)), [], 'a batch larger than the split: no batch');
  assert.deepEqual(trainBatches(new Int32Array(0), 16, new Random(4)), []);
  // Too little background: pairs, then uniform filling.
  const fewBackground = Int32Array.from([...Array(5).fill(0), ...Array(60).fill(1), ...Array(35).fill(2)]);
  const filled = trainBatches(fewBackground, 20, new Random(5));
  assert.equal(filled.length, 5);
  for (const b of filled) for (let p = 0; p < 10; p += 2) assert.equal(fewBackground[b[p]], fewBackground[b[p + 1]], 'the first 5 pairs share a class');
  assert.match(fillNote(fewBackground, 20) ?? '', /10 background recipes per batch of 20, and the split has 47 same-class pairs and 5 background/);
  assert.match(fillNote(Int32Array.from([0, 0, 1, 1]), 3) ?? '', /too small for the class-balanced rule/);
  // The normal case follows the rule, and says nothing.
  assert.equal(fillNote(classes(), 20), null);
});
