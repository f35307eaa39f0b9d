import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCookbook } from '../../lib/data/generator/generate.js';
import { prepareRecipe1M } from '../../lib/data/prepare.js';
import { staleReasons } from '../../lib/data/prepare_inputs.js';
import { RecipeStore } from '../../lib/data/store.js';
import { SPLITS } from '../../lib/data/types.js';
import { defaultMinCount } from '../../lib/data/vocab.js';
import type { Manifest, PrepareInputs } from '../../lib/data/manifest.js';

let work: string;
const readJson = <T>(f: string): T => JSON.parse(readFileSync(f, 'utf8')) as T;
type L1 = { id: string; title: string; partition: string; ingredients: Array<{ text: string }>; instructions: Array<{ text: string }> };
type L2 = { id: string; images: Array<{ id: string }> };
type Det = { id: string; ingredients: Array<{ text: string }>; valid: boolean[] };

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'r1m-prepare-inputs-'));
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every recipe id in the stores, with its split and title. */
function storedRecipes(out: string): Array<{ split: string; id: string; title: string; ingredients: number[]; images: string[] }> {
  const all: Array<{ split: string; id: string; title: string; ingredients: number[]; images: string[] }> = [];
  for (const split of SPLITS) {
    const s = RecipeStore.open(out, split);
    for (let i = 0; i < s.size; i++) {
      const r = s.recipe(i);
      all.push({ split, id: r.id, title: r.title, ingredients: [...r.ingredients], images: r.imageIds });
    }
    s.close();
  }
  return all;
}

test('prepare: a repeated id keeps its first record in layer1, layer2 and det_ingrs, counted as duplicateId with the ids named', async () => {
  const raw = join(work, 'dup');
  await generateCookbook({ out: raw, recipes: 40, seed: 31 });
  const layer1 = readJson<L1[]>(join(raw, 'layer1.json'));
  const layer2 = readJson<L2[]>(join(raw, 'layer2.json'));
  const det = readJson<Det[]>(join(raw, 'det_ingrs.json'));
  const withPhotos = new Set(layer2.map((r) => r.id));
  const [a, b, c] = layer1.filter((r) => r.partition === 'train' && withPhotos.has(r.id));
  // a: repeated in the same split with another title; b: its id reused in the test split; c: another layer2 and det_ingrs record.
  layer1.push({ ...a, title: 'The second record of a' });
  layer1.push({ ...b, partition: 'test', title: 'b again, in test' });
  layer2.push({ id: c.id, images: [{ id: 'ffff999999.jpg' }] });
  const cDet = det.find((d) => d.id === c.id)!;
  det.push({ id: c.id, ingredients: [{ text: 'unobtainium' }], valid: [true] });
  writeFileSync(join(raw, 'layer1.json'), JSON.stringify(layer1));
  writeFileSync(join(raw, 'layer2.json'), JSON.stringify(layer2));
  writeFileSync(join(raw, 'det_ingrs.json'), JSON.stringify(det));

  const out = join(work, 'dup-out');
  const { manifest } = await prepareRecipe1M({ recipe1m: raw, out, minCount: 1, progress: false });
  assert.equal(manifest.skipped.duplicateId, 4);
  assert.equal(manifest.skippedBySplit.train.duplicateId, 1);
  assert.equal(manifest.skippedBySplit.test.duplicateId, 1);
  assert.equal(manifest.skipped.missingImage, 0, 'the test-split copy of b is a duplicate, not a recipe with a missing photo');
  assert.deepEqual(manifest.duplicates.layer1, { count: 2, ids: [a.id, b.id] });
  assert.deepEqual(manifest.duplicates.layer2, { count: 1, ids: [c.id] });
  assert.deepEqual(manifest.duplicates.detIngrs, { count: 1, ids: [c.id] });
  assert.ok(manifest.warnings.some((w) => w.includes('layer1.json') && w.includes(a.id) && w.includes(b.id)), manifest.warnings.join('\n'));

  const stored = storedRecipes(out);
  for (const r of [a, b]) {
    const copies = stored.filter((s) => s.id === r.id);
    assert.equal(copies.length, 1, `${r.id} is stored ${copies.length} times`);
    assert.equal(copies[0].split, 'train');
    assert.equal(copies[0].title, r.title);
  }
  const cStored = stored.find((s) => s.id === c.id)!;
  assert.ok(!cStored.images.includes('ffff999999.jpg'));
  assert.equal(cStored.ingredients.length, cDet.valid.filter(Boolean).length, 'the first det_ingrs record gives the names');
  const vocab = readJson<{ words: string[] }>(join(out, 'vocab.json')).words;
  assert.ok(!vocab.includes('unobtainium'));
});

test('prepare: the cache is keyed on content: a moved or copied dataset is reused, a change redoes the work and says why', async () => {
  const raw = join(work, 'cache');
  await generateCookbook({ out: raw, recipes: 30, seed: 32 });
  const out = join(work, 'cache-out');
  const first = await prepareRecipe1M({ recipe1m: raw, out, minCount: 1, progress: false });
  assert.equal(first.upToDate, false);
  assert.match(first.reasons.join('\n'), /manifest\.json does not exist/);
  assert.equal(first.manifest.source, raw);

  // Moved: same content, same times, another path.
  const moved = join(work, 'cache-moved');
  renameSync(raw, moved);
  const afterMove = await prepareRecipe1M({ recipe1m: moved, out, minCount: 1, progress: false });
  assert.equal(afterMove.upToDate, true, `redone after a move: ${afterMove.reasons.join('; ')}`);
  assert.equal(readJson<Manifest>(join(out, 'manifest.json')).source, moved, 'the manifest points at the photos where they are now');
  assert.equal(afterMove.manifest.inputsFingerprint, first.manifest.inputsFingerprint);

  // Copied without its times (new modification times, same bytes).
  const copied = join(work, 'cache-copied');
  cpSync(moved, copied, { recursive: true });
  const later = new Date(Date.now() + 60_000);
  for (const f of ['layer1.json', 'layer2.json', 'det_ingrs.json']) utimesSync(join(copied, f), later, later);
  const afterCopy = await prepareRecipe1M({ recipe1m: copied, out, minCount: 1, progress: false });
  assert.equal(afterCopy.upToDate, true, `redone after a copy: ${afterCopy.reasons.join('; ')}`);
  assert.equal(readJson<Manifest>(join(out, 'manifest.json')).inputs.files.layer1!.mtimeMs, Math.trunc(statSync(join(copied, 'layer1.json')).mtimeMs), 'the new time is recorded, so the next check does not hash again');

  // A changed option, then a changed file: redone, with the reason.
  const otherOption = await prepareRecipe1M({ recipe1m: copied, out, minCount: 2, progress: false });
  assert.equal(otherOption.upToDate, false);
  assert.deepEqual(otherOption.reasons, ['option --min-count differs: 1 -> 2']);
  appendFileSync(join(copied, 'layer1.json'), '\n');
  const size = readFileSync(join(copied, 'layer1.json')).length;
  const otherFile = await prepareRecipe1M({ recipe1m: copied, out, minCount: 2, progress: false });
  assert.deepEqual(otherFile.reasons, [`layer1.json changed size (${size - 1} -> ${size} bytes)`]);
  const forced = await prepareRecipe1M({ recipe1m: copied, out, minCount: 2, progress: false, force: true });
  assert.deepEqual(forced.reasons, ['--force was given']);
  // A damaged store is not up to date.
  writeFileSync(join(out, 'val.lmdb', 'data.mdb'), 'garbage');
  const damaged = await prepareRecipe1M({ recipe1m: copied, out, minCount: 2, progress: false });
  assert.equal(damaged.upToDate, false);
  assert.match(damaged.reasons.join('\n'), /val\.lmdb.*data\.mdb is not an LMDB data file/);
});

test('staleReasons: files, backbone and options in words', () => {
  const base: PrepareInputs = {
    prepareVersion: 2,
    files: { layer1: { size: 10, mtimeMs: 1, sha256: 'a' }, layer2: { size: 5, mtimeMs: 1, sha256: 'b' }, detIngrs: null, classes: null, features: null, featureIds: null },
    backbone: 'mini-v1',
    options: { minCount: 'auto', limits: { maxIngredients: 20, maxSentences: 20, maxWords: 20 }, sentenceDim: 0 },
  };
  assert.deepEqual(staleReasons(base, structuredClone(base)), []);
  const retimed = structuredClone(base);
  retimed.files.layer1!.mtimeMs = 99;
  assert.deepEqual(staleReasons(base, retimed), [], 'a new time with the same hash is the same content');
  const other = structuredClone(base);
  other.files.layer2 = { size: 5, mtimeMs: 2, sha256: 'c' };
  other.files.detIngrs = { size: 3, mtimeMs: 2, sha256: 'd' };
  other.backbone = 'tfjs-model sha256:0123?normalize=imagenet';
  other.options.limits.maxWords = 30;
  assert.deepEqual(staleReasons(base, other), [
    'layer2.json changed (same size, other content)',
    'det_ingrs.json is now present',
    'backbone differs: mini-v1 -> tfjs-model sha256:0123?normalize=imagenet',
    'option --max-words differs: 20 -> 30',
  ]);
});

test('prepare: token coverage per field in the manifest, a warning when many tokens are <unk>; the default min count follows the text size', async () => {
  assert.equal(defaultMinCount(0), 1);
  assert.equal(defaultMinCount(36_000), 1, 'a collection of a few hundred recipes keeps every training word');
  assert.equal(defaultMinCount(120_000), 2);
  assert.equal(defaultMinCount(810_667), 10, 'recipe1m-mini small keeps 10');
  assert.equal(defaultMinCount(40_000_000), 10, 'Recipe1M keeps 10');

  const raw = join(work, 'coverage');
  await generateCookbook({ out: raw, recipes: 40, seed: 33 });
  const auto = await prepareRecipe1M({ recipe1m: raw, out: join(work, 'coverage-auto'), progress: false });
  assert.equal(auto.manifest.minCount, 1);
  assert.ok(auto.manifest.trainingTokens > 1000 && auto.manifest.trainingTokens < 50_000, `${auto.manifest.trainingTokens} training tokens`);
  for (const field of ['ingredients', 'instructions', 'titles'] as const) {
    const c = auto.manifest.tokenCoverage[field];
    assert.ok(c.tokens > 0 && c.known <= c.tokens && Math.abs(c.coverage - c.known / c.tokens) < 1e-12, field);
  }
  assert.ok(auto.manifest.tokenCoverage.instructions.coverage > 0.9);
  const fixed = await prepareRecipe1M({ recipe1m: raw, out: join(work, 'coverage-10'), minCount: 10, progress: false });
  const ing = fixed.manifest.tokenCoverage.ingredients;
  assert.ok(ing.coverage < 0.9, `ingredient coverage ${ing.coverage} with min count 10 on 40 recipes`);
  assert.ok(ing.coverage < auto.manifest.tokenCoverage.ingredients.coverage);
  assert.ok(fixed.manifest.warnings.some((w) => /of the ingredient tokens in the stores are <unk>/.test(w) && /--min-count/.test(w)), fixed.manifest.warnings.join('\n'));
});
