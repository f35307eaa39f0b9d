import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecipes } from '../../lib/analysis/read_recipes.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'r1m-'));
  const layer1 = Array.from({ length: 20 }, (_, i) => ({
    id: `r${i}`,
    title: `Recipe ${i}`,
    partition: i < 14 ? 'train' : i < 17 ? 'val' : 'test',
    ingredients: [{ text: '1 cup flour' }],
    instructions: [{ text: 'Mix.' }],
  }));
  writeFileSync(join(dir, 'layer1.json'), JSON.stringify(layer1));
  writeFileSync(join(dir, 'layer2.json'), JSON.stringify([{ id: 'r3', images: [{ id: 'abcd1.jpg' }] }]));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('readRecipes reads every recipe in file order, with its images', async () => {
  const all = await readRecipes(dir);
  assert.deepEqual(all.map((r) => r.id), Array.from({ length: 20 }, (_, i) => `r${i}`));
  assert.deepEqual(all[3].imageIds, ['abcd1.jpg']);
  assert.equal(all[19].partition, 'test');
});

test('readRecipes samples a seeded subset without repeats', async () => {
  const a = await readRecipes(dir, { size: 5, seed: 1 });
  const b = await readRecipes(dir, { size: 5, seed: 1 });
  assert.equal(a.length, 5);
  assert.equal(new Set(a.map((r) => r.id)).size, 5);
  assert.deepEqual(a.map((r) => r.id), b.map((r) => r.id));
  const c = await readRecipes(dir, { size: 5, seed: 2 });
  assert.notDeepEqual(c.map((r) => r.id), a.map((r) => r.id));
});
