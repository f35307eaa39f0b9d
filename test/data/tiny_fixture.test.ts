import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecipeStore, readManifest } from '../../lib/data/store.js';
import { SPLITS } from '../../lib/data/types.js';
import { run as generateCli } from '../../lib/commands/generate.js';
import { run as prepareCli } from '../../lib/commands/prepare.js';
import { preparedTinyStore, tinyRecipe1M } from './fixtures.js';

test('fixture: generate tiny then prepare gives stores whose counts match the manifest; cached per seed', async () => {
  const dir = await preparedTinyStore();
  const manifest = readManifest(dir);
  assert.ok(manifest.splits.test.pairs >= 50, `test pairs ${manifest.splits.test.pairs}`);
  let classed = 0, total = 0;
  for (const split of SPLITS) {
    const store = RecipeStore.open(dir, split);
    assert.equal(store.size, manifest.splits[split].pairs);
    assert.equal(store.recipeCount, manifest.splits[split].recipes);
    const images = new Set<string>();
    for (let i = 0; i < store.size; i++) for (const id of store.recipe(i).imageIds) images.add(id);
    assert.equal(images.size, manifest.splits[split].images);
    classed += store.classes.filter((c) => c !== 0).length;
    total += store.size;
    store.close();
  }
  assert.ok(classed / total > 0.35 && classed / total < 0.65, `classed fraction ${classed / total}`);
  const t0 = performance.now();
  assert.equal(await preparedTinyStore(), dir);
  assert.ok(performance.now() - t0 < 50, 'the second call is cached');
});

test('commands: generate and prepare parse their flags and refuse bad ones', async () => {
  await assert.rejects(generateCli(['--size', 'huge', '--out', '/tmp/x']), /--size must be one of tiny, small, medium, large/);
  await assert.rejects(generateCli(['--size', 'tiny']), /--out is required/);
  await assert.rejects(generateCli(['--out', '/tmp/x', '--bogus']), /Unknown option '--bogus'/);
  await assert.rejects(prepareCli(['--out', '/tmp/x']), /--recipe1m and --out are required/);
  await assert.rejects(prepareCli(['--recipe1m', '/tmp/x', '--out', '/tmp/y', '--min-count', 'ten']), /--min-count must be an integer >= 1/);
  const out = await mkdtemp(join(tmpdir(), 'r1m-cli-'));
  try {
    const raw = await tinyRecipe1M();
    const code = await prepareCli(['--root', raw, '--out', join(out, 'p'), '--min-count', '2', '--max-words', '8', '--quiet']);
    assert.equal(code, 0);
    assert.equal(readManifest(join(out, 'p')).limits.maxWords, 8);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
