import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCookbook, imageRelPath } from '../../lib/data/generator/generate.js';
import { prepareRecipe1M } from '../../lib/data/prepare.js';
import { RecipeStore, featuresPath, imagePicker, makeBatch, makeRecipeBatch } from '../../lib/data/store.js';
import { SPLITS, type Split } from '../../lib/data/types.js';
import { SCHEMA_VERSION, type Manifest } from '../../lib/data/manifest.js';

let work: string;
let raw: string;
/** Expected skips after the edits below. */
const expected = { malformedRecord: 0, duplicateId: 0, missingImage: 0, undecodableImage: 0, noIngredients: 0, noInstructions: 0 };
/** Recipes kept without a usable photo. */
const textOnly = new Set<string>();
let validRecipes = 0;
let renamedImage = '';

type L1 = { id?: unknown; title?: string; url?: string; partition?: string; ingredients?: unknown; instructions?: unknown };

// A recipe longer than every token limit (20 ingredients, 20 sentences, 20 words), in its author's own case and punctuation.
const LONG_URL = 'http://www.allrecipes.example/recipe/12345/Grandma%27s-Stew/?page=2';
const LONG_LINES = Array.from({ length: 25 }, (_, k) => (k === 0 ? '1/2 cup Chopped ONION (about ½ medium)' : `${k + 1} tsp Crème fraîche, #${k + 1}`));
const LONG_SENTENCES = Array.from({ length: 24 }, (_, k) =>
  `Step ${k + 1}: Stir the ONION gently — don't let it BOIL — for 10 to 12 minutes at 180°C, then season it well with salt & pepper.`);
const readJson = <T>(f: string): T => JSON.parse(readFileSync(f, 'utf8')) as T;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'r1m-prepare-'));
  raw = join(work, 'raw');
  await generateCookbook({ out: raw, recipes: 60, seed: 21 });
  const layer1 = readJson<L1[]>(join(raw, 'layer1.json'));
  const layer2 = readJson<Array<{ id: string; images: Array<{ id: string }> }>>(join(raw, 'layer2.json'));
  const det = readJson<unknown[]>(join(raw, 'det_ingrs.json'));
  const withImages = new Set(layer2.map((r) => r.id));
  for (const r of layer1) if (!withImages.has(r.id as string)) textOnly.add(r.id as string);
  assert.ok(textOnly.size > 0, 'the generated cookbook has recipes without a photo');
  const partOf = new Map(layer1.map((r) => [r.id as string, r.partition as string]));
  const someImage = join(raw, imageRelPath(partOf.get(layer2[0].id)!, layer2[0].images[0].id));
  // Malformed records: 4 in layer1, 1 in layer2, 1 in det_ingrs.
  layer1.push({ title: 'no id', partition: 'train', ingredients: [], instructions: [] });
  layer1.push({ id: 'bad1', partition: 'train', ingredients: 'flour', instructions: [] });
  layer1.push({ id: 5, partition: 'train', ingredients: [], instructions: [] } as L1);
  layer1.push({ id: 'badpart', partition: 'holdout', ingredients: [{ text: 'x' }], instructions: [{ text: 'y' }] });
  layer2.push({ images: [] } as unknown as { id: string; images: Array<{ id: string }> });
  det.push({ id: 'x' });
  expected.malformedRecord = 6;
  // No ingredients, no instructions (each with an existing photo).
  const addRecipe = (id: string, ingredients: string[], instructions: string[], imageIds: string[], partition = 'train', url?: string) => {
    layer1.push({ id, title: `Test ${id}`, url, partition, ingredients: ingredients.map((text) => ({ text })), instructions: instructions.map((text) => ({ text })) });
    if (imageIds.length > 0) layer2.push({ id, images: imageIds.map((i) => ({ id: i })) });
  };
  const copyTo = (imageId: string, partition = 'train') => copyFileSync(someImage, join(raw, imageRelPath(partition, imageId)).replace(/\/[^/]+$/, '') + '/' + imageId);
  const ensureDir = async (imageId: string, partition = 'train') => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(raw, imageRelPath(partition, imageId), '..'), { recursive: true });
  };
  for (const id of ['aaaa000001.jpg', 'aaaa000002.jpg', 'bbbb000001.jpg', 'cccc000001.jpg']) {
    await ensureDir(id);
    copyTo(id);
  }
  addRecipe('long', LONG_LINES, LONG_SENTENCES, ['bbbb000001.jpg'], 'train', LONG_URL);
  addRecipe('noing', [], ['Boil the water.'], ['aaaa000001.jpg']);
  addRecipe('noinst', ['1 cup flour'], [], ['aaaa000002.jpg']);
  expected.noIngredients = 1;
  expected.noInstructions = 1;
  // A recipe whose only photo is missing, one whose only photo is not an image, one with a good and a missing photo.
  addRecipe('lostimg', ['1 cup rice'], ['Cook the rice.'], ['eeee000001.jpg']);
  await ensureDir('dddd000001.jpg');
  writeFileSync(join(raw, imageRelPath('train', 'dddd000001.jpg')), 'this is not a jpeg at all');
  addRecipe('garbage', ['1 cup rice'], ['Cook the rice.'], ['dddd000001.jpg']);
  addRecipe('halfimg', ['2 eggs'], ['Fry the eggs.'], ['cccc000001.jpg', 'eeee000002.jpg']);
  expected.missingImage = 2;
  expected.undecodableImage = 1;
  textOnly.add('lostimg').add('garbage');
  // layer2 says .jpg, the file is .png: it must be found.
  const target = layer2.find((r) => partOf.has(r.id) && r.images[0].id.endsWith('.jpg'))!;
  renamedImage = target.images[0].id;
  const from = join(raw, imageRelPath(partOf.get(target.id)!, renamedImage));
  renameSync(from, from.replace(/\.jpg$/, '.png'));
  writeFileSync(join(raw, 'layer1.json'), JSON.stringify(layer1));
  writeFileSync(join(raw, 'layer2.json'), JSON.stringify(layer2));
  writeFileSync(join(raw, 'det_ingrs.json'), JSON.stringify(det));
  validRecipes = layer1.length - 4;
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

function dumpStore(dir: string, split: Split): unknown[] {
  const s = RecipeStore.open(dir, split);
  try {
    const out: unknown[] = [];
    for (let i = 0; i < s.recipeCount; i++) {
      const r = s.recipe(i);
      out.push({ ...r, ingredients: [...r.ingredients], instructions: r.instructions.map((x) => [...x]), features: r.imageIds.map((id) => [...s.features(id)]) });
    }
    return out;
  } finally {
    s.close();
  }
}

test('prepare: stores match the manifest; every bad input is skipped and counted by reason', async () => {
  const out = join(work, 'out');
  const { manifest, upToDate } = await prepareRecipe1M({ recipe1m: raw, out, minCount: 1, progress: false });
  assert.equal(upToDate, false);
  assert.deepEqual(manifest.skipped, expected);
  let stored = 0;
  let recipeSkips = 0;
  const keptTextOnly = new Set<string>();
  for (const split of SPLITS) {
    const store = RecipeStore.open(out, split);
    try {
      const counts = manifest.splits[split];
      assert.equal(store.size, counts.pairs, `${split} pairs`);
      assert.equal(store.textOnly, counts.textOnly, `${split} text-only`);
      assert.equal(store.recipeCount, counts.recipes);
      assert.equal(counts.recipes, counts.pairs + counts.textOnly);
      assert.equal(store.images, counts.images);
      assert.equal(store.classes.length, store.size, 'the sampler reads the classes of the pairs only');
      // The recipes without a usable photo follow the pairs, with their text and no image.
      for (let i = store.size; i < store.recipeCount; i++) {
        const r = store.recipe(i);
        assert.equal(r.index, i);
        assert.deepEqual([r.imageIds, r.imagePaths], [[], []]);
        assert.ok(r.ingredients.length >= 1 && r.instructions.length >= 1 && r.ingredientLines.length >= 1);
        keptTextOnly.add(r.id);
      }
      assert.throws(() => store.recipe(store.recipeCount), RangeError);
      const images = new Set<string>();
      for (let i = 0; i < store.size; i++) {
        const r = store.recipe(i);
        assert.equal(r.index, i);
        assert.ok(r.imageIds.length >= 1 && r.ingredients.length >= 1 && r.instructions.length >= 1);
        assert.equal(r.imagePaths.length, r.imageIds.length);
        assert.equal(store.classes[i], r.classIndex);
        for (const id of r.imageIds) {
          images.add(id);
          const f = store.features(id);
          assert.equal(f.length, manifest.featureDim);
          assert.ok(f.every(Number.isFinite));
        }
        if (r.imageIds.includes(renamedImage)) assert.match(r.imagePaths[r.imageIds.indexOf(renamedImage)], /\.png$/);
        assert.ok(!r.imageIds.includes('eeee000002.jpg'));
      }
      assert.equal(images.size, counts.images, `${split} images`);
      stored += store.recipeCount;
      recipeSkips += manifest.skippedBySplit[split].noIngredients + manifest.skippedBySplit[split].noInstructions;
    } finally {
      store.close();
    }
  }
  assert.equal(stored + recipeSkips, validRecipes, 'every well-formed recipe is either stored or skipped for a reason');
  assert.deepEqual([...keptTextOnly].sort(), [...textOnly].sort(), 'recipes without a usable photo are kept, text-only');
  assert.equal(manifest.backbone.name, 'mini-v1');
  assert.equal(manifest.classNames[0], 'background');
  const vocab = readJson<{ words: string[] }>(join(out, 'vocab.json')).words;
  assert.equal(vocab.length, manifest.vocabSize);
  assert.deepEqual(vocab.slice(0, 2), ['<pad>', '<unk>']);
  assert.deepEqual(readdirSync(out).sort(), ['manifest.json', 'test.lmdb', 'train.lmdb', 'val.lmdb', 'vocab.json']);
});

test('prepare: idempotent (a re-run is a no-op; a forced re-run writes identical stores)', async () => {
  const out = join(work, 'out');
  const before = readFileSync(join(out, 'manifest.json'), 'utf8');
  const again = await prepareRecipe1M({ recipe1m: raw, out, minCount: 1, progress: false });
  assert.equal(again.upToDate, true);
  assert.equal(readFileSync(join(out, 'manifest.json'), 'utf8'), before);
  const out2 = join(work, 'out2');
  const forced = await prepareRecipe1M({ recipe1m: raw, out: out2, minCount: 1, progress: false, force: true });
  assert.equal(forced.upToDate, false);
  assert.deepEqual(forced.manifest, readJson<Manifest>(join(out, 'manifest.json')));
  assert.equal(readFileSync(join(out2, 'vocab.json'), 'utf8'), readFileSync(join(out, 'vocab.json'), 'utf8'));
  for (const split of SPLITS) assert.deepEqual(dumpStore(out2, split), dumpStore(out, split), split);
  // Other options are other inputs: not up to date any more.
  const other = await prepareRecipe1M({ recipe1m: raw, out: out2, minCount: 2, progress: false });
  assert.equal(other.upToDate, false);
});

test('prepare: every recipe keeps its ingredient lines, sentences and url as written, beyond the token limits', async () => {
  const out = join(work, 'out');
  const layer1 = readJson<L1[]>(join(raw, 'layer1.json'));
  const byId = new Map(layer1.filter((r) => typeof r.id === 'string').map((r) => [r.id as string, r]));
  const texts = (list: unknown) => (list as Array<{ text: string }>).map((e) => e.text);
  let long = 0;
  for (const split of SPLITS) {
    const store = RecipeStore.open(out, split);
    try {
      for (let i = 0; i < store.recipeCount; i++) {
        const r = store.recipe(i);
        const source = byId.get(r.id)!;
        assert.deepEqual(r.ingredientLines, texts(source.ingredients), r.id);
        assert.deepEqual(r.instructionTexts, texts(source.instructions), r.id);
        assert.equal(r.url, source.url, r.id);
        if (r.id !== 'long') continue;
        long++;
        assert.deepEqual(r.ingredientLines, LONG_LINES);
        assert.deepEqual(r.instructionTexts, LONG_SENTENCES);
        assert.equal(r.url, LONG_URL);
        // The tokens are cut to the limits; the text is not.
        assert.ok(r.ingredients.length <= 20 && r.instructions.length === 20 && r.instructions.every((s) => s.length === 20));
      }
    } finally {
      store.close();
    }
  }
  assert.equal(long, 1);
});

test('prepare: an interrupted run never leaves a store that looks complete', async () => {
  const out = join(work, 'interrupted');
  await assert.rejects(prepareRecipe1M({ recipe1m: raw, out, minCount: 1, progress: false, abortAfterRecipes: 5, batchSize: 4 }), /aborted/);
  assert.deepEqual(readdirSync(out), [], 'nothing but an empty folder is left');
  assert.throws(() => RecipeStore.open(out, 'train'), (e: Error) => e.message.includes(out) && /prepare/.test(e.message));
  // Interrupting a re-run keeps the previous complete store.
  const good = join(work, 'out');
  await assert.rejects(prepareRecipe1M({ recipe1m: raw, out: good, minCount: 1, progress: false, force: true, abortAfterRecipes: 5, batchSize: 4 }), /aborted/);
  const store = RecipeStore.open(good, 'train');
  assert.ok(store.size > 0);
  store.close();
  assert.ok(!readdirSync(good).some((n) => n.startsWith('.prepare-staging')));
});

test('RecipeStore.open: missing store and schema mismatch are errors naming the path and saying to re-run prepare', async () => {
  const out2 = join(work, 'out2');
  const m = readJson<Manifest>(join(out2, 'manifest.json'));
  // A folder prepared by the code before text-only recipes were kept.
  writeFileSync(join(out2, 'manifest.json'), JSON.stringify({ ...m, schemaVersion: 2 }));
  assert.throws(() => RecipeStore.open(out2, 'val'), (e: Error) => e.message.startsWith(`${out2} was prepared with schema version 2`) && new RegExp(`this code reads version ${SCHEMA_VERSION}: re-run \`recipe1m prepare`).test(e.message));
  writeFileSync(join(out2, 'manifest.json'), JSON.stringify({ ...m, schemaVersion: 99 }));
  assert.throws(() => RecipeStore.open(out2, 'val'), (e: Error) => e.message.includes(out2) && /schema version 99/.test(e.message) && /re-run/.test(e.message));
  writeFileSync(join(out2, 'manifest.json'), JSON.stringify(m));
  await rm(join(out2, 'val.lmdb'), { recursive: true });
  assert.throws(() => RecipeStore.open(out2, 'val'), (e: Error) => e.message.includes(join(out2, 'val.lmdb')) && /re-run/.test(e.message));
  assert.throws(() => RecipeStore.open(join(work, 'nowhere'), 'val'), /nowhere.*prepare/s);
});

test('features: one contiguous float32 file per split, its size checked at open and by a re-run of prepare', async () => {
  const out = join(work, 'features-out');
  const { manifest } = await prepareRecipe1M({ recipe1m: raw, out, minCount: 1, progress: false });
  for (const split of SPLITS) {
    const file = featuresPath(out, split);
    assert.equal(statSync(file).size, manifest.splits[split].images * manifest.featureDim * 4, `${split}: images × featureDim float32, nothing more`);
    assert.equal(manifest.featureBytes[split], statSync(file).size);
  }
  // The rows are the features: a batch reads the same values as RecipeStore.features.
  const file = featuresPath(out, 'train');
  const store = RecipeStore.open(out, 'train');
  const raw32 = new Float32Array(readFileSync(file).buffer.slice(0));
  const ids = store.recipe(0).imageIds;
  const rows = ids.map((id) => [...store.features(id)]);
  assert.ok(rows.every((r) => raw32.some((_, k) => k % manifest.featureDim === 0 && r.every((x, d) => raw32[k + d] === x))));
  store.close();
  truncateSync(file, statSync(file).size - 4);
  assert.throws(() => RecipeStore.open(out, 'train'), (e: Error) => e.message.startsWith(`${file} is ${manifest.featureBytes.train - 4} bytes, but the store holds`) && /re-run `recipe1m prepare/.test(e.message));
  const again = await prepareRecipe1M({ recipe1m: raw, out, minCount: 1, progress: false });
  assert.equal(again.upToDate, false);
  assert.ok(again.reasons.includes(`${file} is not the size prepare wrote (${manifest.featureBytes.train - 4}, not ${manifest.featureBytes.train} bytes)`), again.reasons.join('; '));
  rmSync(featuresPath(out, 'val'));
  assert.throws(() => RecipeStore.open(out, 'val'), (e: Error) => e.message === `${featuresPath(out, 'val')} is missing: the val store is incomplete; re-run \`recipe1m prepare --recipe1m <Recipe1M dir> --out ${out}\``);
});

test('makeBatch pads to the batch maxima; imagePicker fixed is independent of the batch, random replays with its seed', async () => {
  const out = join(work, 'out');
  const store = RecipeStore.open(out, 'train');
  try {
    const idx = [0, 1, 2, 3, 4];
    const batch = makeBatch(store, idx, imagePicker('fixed', 1));
    const recipes = idx.map((i) => store.recipe(i));
    assert.equal(batch.size, 5);
    assert.equal(batch.maxIngredients, Math.max(...recipes.map((r) => r.ingredients.length)));
    assert.equal(batch.maxSentences, Math.max(...recipes.map((r) => r.instructions.length)));
    assert.equal(batch.ingredients.length, 5 * batch.maxIngredients);
    assert.equal(batch.instructions.length, 5 * batch.maxSentences * batch.maxWords);
    assert.equal(batch.imageFeatures.length, 5 * batch.featureDim);
    recipes.forEach((r, b) => {
      assert.equal(batch.ingredientLengths[b], r.ingredients.length);
      assert.deepEqual([...batch.ingredients.subarray(b * batch.maxIngredients, b * batch.maxIngredients + r.ingredients.length)], [...r.ingredients]);
      assert.ok(batch.ingredients.subarray(b * batch.maxIngredients + r.ingredients.length, (b + 1) * batch.maxIngredients).every((x) => x === 0));
      assert.equal(batch.instructionLengths[b], r.instructions.length);
      const s0 = r.instructions[0];
      assert.equal(batch.sentenceLengths[b * batch.maxSentences], s0.length);
      assert.deepEqual([...batch.instructions.subarray(b * batch.maxSentences * batch.maxWords, b * batch.maxSentences * batch.maxWords + s0.length)], [...s0]);
      assert.deepEqual([...batch.imageFeatures.subarray(b * batch.featureDim, (b + 1) * batch.featureDim)], [...store.features(batch.imageIds[b])]);
      assert.ok(r.imageIds.includes(batch.imageIds[b]));
    });
    assert.equal(batch.sentenceDim, 0);
    // Same fixed pick for recipe 3 whatever its batch.
    const alone = makeBatch(store, [3], imagePicker('fixed', 1));
    assert.equal(alone.imageIds[0], batch.imageIds[3]);
    const withOthers = makeBatch(store, [7, 3, 9], imagePicker('fixed', 1));
    assert.equal(withOthers.imageIds[1], batch.imageIds[3]);
    // Limits cap the batch.
    const capped = makeBatch(store, idx, imagePicker('fixed', 1), { maxIngredients: 2, maxSentences: 1, maxWords: 3 });
    assert.equal(capped.maxIngredients, 2);
    assert.equal(capped.maxSentences, 1);
    assert.equal(capped.maxWords, 3);
    // Random picks replay with the seed.
    const all = [...Array(store.size).keys()];
    assert.deepEqual(makeBatch(store, all, imagePicker('random', 5)).imageIds, makeBatch(store, all, imagePicker('random', 5)).imageIds);
    assert.throws(() => makeBatch(store, [], imagePicker('fixed', 1)), /empty/);
    // A text-only recipe has no image to pick: a batch with images refuses it, a recipe-only batch takes it.
    const text = store.size;
    assert.ok(store.textOnly > 0);
    assert.throws(() => makeBatch(store, [0, text], imagePicker('fixed', 1)), new RegExp(`recipe ${text} .* has no photo`));
    const recipeOnly = makeRecipeBatch(store, [0, text]);
    assert.deepEqual([recipeOnly.size, 'imageIds' in recipeOnly, 'imageFeatures' in recipeOnly], [2, false, false]);
    assert.equal(recipeOnly.ingredientLengths[1], store.recipe(text).ingredients.length);
  } finally {
    store.close();
  }
});

test('prepare: without det_ingrs.json names come from the lines; classes.json; sentence vectors; imported features', async () => {
  const small = join(work, 'small');
  await generateCookbook({ out: small, recipes: 20, seed: 22 });
  const det = readJson<Array<{ id: string; ingredients: Array<{ text: string }>; valid: boolean[] }>>(join(small, 'det_ingrs.json'));
  await rm(join(small, 'det_ingrs.json'));
  const layer1 = readJson<Array<{ id: string; partition: string }>>(join(small, 'layer1.json'));
  const train = new Set(layer1.filter((r) => r.partition === 'train').map((r) => r.id));
  const classesFile = join(work, 'classes.json');
  writeFileSync(classesFile, JSON.stringify({ [layer1[0].id]: 7, [layer1[1].id]: 1200 }));
  const out = join(work, 'small-out');
  const { manifest } = await prepareRecipe1M({ recipe1m: small, out, minCount: 1, progress: false, classes: classesFile, sentenceDim: 8 });
  assert.equal(manifest.classSource, 'classes.json');
  assert.equal(manifest.classNames.length, 1201);
  assert.equal(manifest.sentenceDim, 8);
  const vocab = readJson<{ words: string[] }>(join(out, 'vocab.json')).words;
  // Extracted names match det_ingrs' for the generator's lines, so the training recipes' names are tokens.
  const names = new Set(det.filter((d) => train.has(d.id)).flatMap((d) => d.ingredients.filter((_, i) => d.valid[i]).map((x) => x.text.replace(/[^a-z0-9]+/g, '_'))));
  const found = [...names].filter((n) => vocab.includes(n)).length;
  assert.ok(found / names.size > 0.95, `${found}/${names.size} det_ingrs names recovered from the lines`);
  for (const split of SPLITS) {
    const store = RecipeStore.open(out, split);
    for (let i = 0; i < store.recipeCount; i++) {
      const r = store.recipe(i);
      const want = r.id === layer1[0].id ? 7 : r.id === layer1[1].id ? 1200 : 0;
      assert.equal(r.classIndex, want);
      assert.equal(r.sentenceVectors!.length, r.instructions.length * 8);
      const v = r.sentenceVectors!.subarray(0, 8);
      assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5);
    }
    if (store.size > 0) {
      const b = makeBatch(store, [0], imagePicker('fixed', 0));
      assert.equal(b.sentenceDim, 8);
      assert.equal(b.sentenceVectors!.length, b.maxSentences * 8);
    }
    store.close();
  }
  // Imported features: rows of a float32 matrix by image id (ids without extension match too).
  const layer2 = readJson<Array<{ id: string; images: Array<{ id: string }> }>>(join(small, 'layer2.json'));
  const ids = layer2.flatMap((r) => r.images.map((im) => im.id));
  const D = 4;
  const matrix = new Float32Array(ids.length * D).map((_, k) => Math.floor(k / D) + (k % D) / 10);
  writeFileSync(join(work, 'feats.f32'), Buffer.from(matrix.buffer));
  writeFileSync(join(work, 'feats.txt'), ids.map((id, k) => (k % 2 ? id : id.replace(/\.\w+$/, ''))).join('\n') + '\n');
  const fout = join(work, 'feat-out');
  const imported = await prepareRecipe1M({ recipe1m: small, out: fout, minCount: 1, progress: false, features: join(work, 'feats.f32'), featureIds: join(work, 'feats.txt') });
  assert.equal(imported.manifest.featureDim, D);
  assert.match(imported.manifest.backbone.name, /^features:/);
  const store = RecipeStore.open(fout, 'train');
  const r = store.recipe(0);
  const row = ids.indexOf(r.imageIds[0]);
  assert.deepEqual([...store.features(r.imageIds[0])], [...matrix.subarray(row * D, (row + 1) * D)]);
  store.close();
  writeFileSync(join(work, 'bad.f32'), Buffer.alloc(10));
  await assert.rejects(prepareRecipe1M({ recipe1m: small, out: join(work, 'x'), progress: false, features: join(work, 'bad.f32'), featureIds: join(work, 'feats.txt') }), /bad\.f32/);
});

test('prepare: unreadable or non-array input files are clear errors naming the file', async () => {
  const bad = join(work, 'bad');
  await generateCookbook({ out: bad, recipes: 3, seed: 1 });
  const layer1 = join(bad, 'layer1.json');
  writeFileSync(layer1, '{"id": "not an array"}');
  await assert.rejects(prepareRecipe1M({ recipe1m: bad, out: join(work, 'bad-out'), progress: false }), (e: Error) => e.message.includes(layer1) && /not a JSON array/.test(e.message));
  writeFileSync(layer1, 'garbage');
  await assert.rejects(prepareRecipe1M({ recipe1m: bad, out: join(work, 'bad-out'), progress: false }), (e: Error) => e.message.includes(layer1));
  await rm(layer1);
  await assert.rejects(prepareRecipe1M({ recipe1m: bad, out: join(work, 'bad-out'), progress: false }), (e: Error) => e.message.includes(layer1) && /not found/.test(e.message));
  writeFileSync(join(bad, 'layer2.json'), '[{"id": "a", "images": [');
  writeFileSync(layer1, '[]');
  await assert.rejects(prepareRecipe1M({ recipe1m: bad, out: join(work, 'bad-out'), progress: false }), (e: Error) => e.message.includes(join(bad, 'layer2.json')));
  await assert.rejects(prepareRecipe1M({ recipe1m: join(work, 'missing'), out: join(work, 'bad-out'), progress: false }), /missing.*not found/);
  await assert.rejects(prepareRecipe1M({ recipe1m: raw, out: join(work, 'bad-out'), progress: false, backbone: 'resnet-9000' }), /unknown backbone 'resnet-9000'/);
  assert.ok(!existsSync(join(work, 'bad-out', 'manifest.json')));
});
