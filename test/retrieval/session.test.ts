/**
 * Search against a real (barely trained) experiment on the tiny prepared
 * cookbook: the query paths must reproduce what extraction computed, so
 * that a photo of the split searched by file gives exactly the ranking its
 * stored embedding gives, over every recipe (with or without a photo) and
 * every photo of the split.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { RecipeStore } from '../../lib/data/store.js';
import { SPLITS } from '../../lib/data/types.js';
import { trainExperiment } from '../../lib/experiment/experiment.js';
import { readEmbeddings, type ExtractedEmbeddings } from '../../lib/experiment/embeddings_io.js';
import { decodeQueryImage } from '../../lib/retrieval/image_input.js';
import { openSearchSession, type SearchSession } from '../../lib/retrieval/session.js';
import { tinyExperiment, type TinyExperiment } from './tiny_experiment.js';

let tiny: TinyExperiment;
let raw: string;
let exp: string;
let session: SearchSession;
let stored: ExtractedEmbeddings;
const logged: string[] = [];

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

function row(m: Float32Array, dim: number, i: number): Float32Array {
  return m.subarray(i * dim, (i + 1) * dim);
}

/** Rows of `m` by decreasing cosine with `q`, ties by row: a plain sort, independent of the index. */
function bruteForce(m: Float32Array, dim: number, q: Float32Array): number[] {
  const n = m.length / dim;
  const s = Array.from({ length: n }, (_, i) => cosine(row(m, dim, i), q));
  return [...Array(n).keys()].sort((a, b) => s[b] - s[a] || a - b);
}

before(async () => {
  tiny = await tinyExperiment('recipe1m-search-exp-');
  ({ raw, exp } = tiny);
  session = await openSearchSession(tiny.args, 'test', (l) => logged.push(l));
  stored = await readEmbeddings(exp, 'test');
});

after(async () => {
  session?.close();
  await tiny?.remove();
});

/** Counts the reads of checkpoint model files (ckpt_<tag>_model.bin) while `f` runs: one per restore of the model. */
async function modelReads(f: () => Promise<void>): Promise<number> {
  const original = fs.readFileSync;
  let reads = 0;
  fs.readFileSync = ((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (typeof file === 'string' && /ckpt_.+_model\.bin$/.test(file)) reads++;
    return (original as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFileSync;
  syncBuiltinESMExports();
  try {
    await f();
  } finally {
    fs.readFileSync = original;
    syncBuiltinESMExports();
  }
  return reads;
}

test('the first search extracts every recipe and photo of the split from the checkpoint it loads', () => {
  assert.match(logged.join('\n'), /extracting the test embeddings of ckpt_last first/);
  assert.equal(stored.checkpoint, 'ckpt_last');
  assert.equal(stored.covers, 'split');
  const store = RecipeStore.open(tiny.dataset, 'test');
  try {
    assert.ok(store.textOnly > 0, 'the tiny test split has recipes without a photo');
    assert.deepEqual(stored.all.recipeIds, [...Array(store.recipeCount).keys()].map((i) => store.recipe(i).id), 'every recipe, in store order');
    assert.equal(stored.all.imageIds.length, store.images, 'every photo');
    assert.equal(stored.recipeIds.length, store.size);
    assert.deepEqual(session.retriever.counts, { recipes: store.recipeCount, pairs: store.size, images: store.images });
  } finally {
    store.close();
  }
});

test('a stored photo searched from its file ranks every recipe exactly as its extracted embedding does', async () => {
  const all = stored.all;
  // Every photo of the split: JPEG, PNG and WebP files alike.
  for (let j = 0; j < all.imageIds.length; j++) {
    const recipe = await session.retriever.requireRecipe(all.recipeIds[all.imageRecipeRows[j]]);
    const file = path.join(session.datasetRoot, recipe.imagePaths[recipe.imageIds.indexOf(all.imageIds[j])]);
    const image = await decodeQueryImage(await readFile(file), file, session.retriever.imageSize);
    const result = await session.retriever.byImage(image, 5);
    const expected = bruteForce(all.recipes, stored.dim, row(all.images, stored.dim, j)).slice(0, 5);
    assert.deepEqual(result.hits.map((h) => h.recipeId), expected.map((r) => all.recipeIds[r]), `photo ${file}`);
    const want = cosine(row(all.recipes, stored.dim, expected[0]), row(all.images, stored.dim, j));
    assert.ok(Math.abs(result.hits[0].score - want) < 1e-4, `photo ${file}: score ${result.hits[0].score} vs ${want}`);
  }
});

test('a photo query ranks the recipes without a photo too', async () => {
  const recipe = await session.retriever.requireRecipe(stored.recipeIds[0]);
  const file = path.join(session.datasetRoot, recipe.imagePaths[0]);
  const image = await decodeQueryImage(await readFile(file), file, session.retriever.imageSize);
  const every = await session.retriever.byImage(image, 100);
  assert.equal(every.hits.length, stored.all.recipeIds.length);
  const textOnly = stored.all.recipeIds.slice(stored.recipeIds.length);
  const found = every.hits.filter((h) => textOnly.includes(h.recipeId));
  assert.equal(found.length, textOnly.length);
  assert.ok(found.every((h) => h.imageId === '' && h.imagePath === '' && h.split === 'test'));
});

test('a recipe re-encoded from the store matches its extracted embedding; removing an ingredient changes it', async () => {
  for (let i = 0; i < 5; i++) {
    const id = stored.recipeIds[i];
    // A name the recipe does not hold forces the re-encoding path (batch built by the search module, not by extraction).
    const same = await session.retriever.byRecipeId(id, 5, ['not_an_ingredient_here']);
    const plain = await session.retriever.byRecipeId(id, 5);
    const expected = bruteForce(stored.all.images, stored.dim, row(stored.recipes, stored.dim, i)).slice(0, 5);
    assert.deepEqual(plain.hits.map((h) => h.imageId), expected.map((r) => stored.all.imageIds[r]));
    for (let k = 0; k < 5; k++) assert.ok(Math.abs(same.hits[k].score - plain.hits[k].score) < 1e-4, `recipe ${id} hit ${k}`);
  }
  const recipe = await session.retriever.requireRecipe(stored.recipeIds[0]);
  const without = await session.retriever.byRecipeId(recipe.id, 5, [recipe.ingredientNames[0]]);
  assert.deepEqual(without.removed, [recipe.ingredientNames[0]]);
  assert.deepEqual(without.ingredients, recipe.ingredientNames.slice(1));
});

test('an ingredient query runs the recipe encoder and reports unknown names', async () => {
  const recipe = await session.retriever.requireRecipe(stored.recipeIds[3]);
  const known = recipe.ingredientNames.filter((n) => n !== '<unk>');
  const result = await session.retriever.byIngredients([...known, 'moon rock'], 7);
  assert.equal(result.hits.length, 7);
  assert.deepEqual(result.unknown, ['moon_rock']);
  assert.deepEqual(result.ingredients, known);
  assert.ok(result.hits.every((h, k) => k === 0 || h.score <= result.hits[k - 1].score));
  assert.ok(recipe.instructionTexts.length > 0 && recipe.instructionTexts.every((s) => s.length > 0));
});

/** The recipes of the generated layer1.json by id, as their authors wrote them. */
async function written(): Promise<Map<string, { url: string; ingredients: string[]; instructions: string[] }>> {
  type L1 = { id: string; url: string; ingredients: Array<{ text: string }>; instructions: Array<{ text: string }> };
  const layer1 = JSON.parse(await readFile(path.join(raw, 'layer1.json'), 'utf8')) as L1[];
  return new Map(layer1.map((r) => [r.id, { url: r.url, ingredients: r.ingredients.map((e) => e.text), instructions: r.instructions.map((e) => e.text) }]));
}

test('recipes of the store are shown with the lines, sentences and url of layer1.json', async () => {
  const byId = await written();
  for (const id of stored.all.recipeIds) {
    const recipe = await session.retriever.requireRecipe(id);
    const want = byId.get(id)!;
    assert.deepEqual(recipe.ingredientLines, want.ingredients, id);
    assert.deepEqual(recipe.instructionTexts, want.instructions, id);
    assert.equal(recipe.url, want.url, id);
  }
});

/** Runs `recipe1m ...` as a user would; resolves with the exit code and outputs. */
function cli(args: string[], onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/recipe1m.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('recipe1m search prints JSON results, and a clear error for an unknown recipe', async () => {
  const base = ['search', '-o', path.join(exp, 'options.yaml'), '--exp.resume', 'last', '--engine.progress=false'];
  const id = stored.recipeIds[2];
  const ok = await cli([...base, '--recipe-id', id, '--top', '3', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  const out = JSON.parse(ok.stdout);
  const expected = bruteForce(stored.all.images, stored.dim, row(stored.recipes, stored.dim, 2)).slice(0, 3);
  assert.deepEqual(out.hits.map((h: { imageId: string }) => h.imageId), expected.map((r) => stored.all.imageIds[r]));
  assert.equal(out.query.kind, 'recipe');
  const want = (await written()).get(id)!;
  assert.equal(out.recipe.id, id);
  assert.deepEqual(out.recipe.ingredients, want.ingredients);
  assert.deepEqual(out.recipe.instructions, want.instructions);
  assert.equal(out.recipe.url, want.url);
  const text = await cli([...base, '--recipe-id', id, '--top', '2']);
  assert.equal(text.code, 0, text.stderr);
  for (const line of [...want.ingredients, ...want.instructions, want.url]) assert.ok(text.stdout.includes(line), line);
  const missing = await cli([...base, '--recipe-id', 'no-such-recipe']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no recipe with id 'no-such-recipe' in the test split/);
});

test('recipe1m search --image: a stored photo finds recipes; a 64-megapixel PNG is refused by name', async () => {
  const base = ['search', ...tiny.args];
  const recipe = await session.retriever.requireRecipe(stored.recipeIds[0]);
  const file = path.join(session.datasetRoot, recipe.imagePaths[0]);
  const ok = await cli([...base, '--image', file, '--top', '3']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(ok.stdout.startsWith(`recipes for the photo ${file} (test split`), ok.stdout);
  const big = path.join(tiny.work, 'big.png');
  await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#c05a28' } }).png().toFile(big);
  const refused = await cli([...base, '--image', big]);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr.trim(), `recipe1m search: ${big}: image too large: 8000×8000 pixels (64.0 megapixels), limit 50.0 megapixels`);
});

test('--split all: one restore of the model for the three splits, which it extracts; results merged across splits', async () => {
  const args = ['-o', path.join(exp, 'options.yaml'), '--exp.resume', 'last', '--engine.progress=false'];
  const lines: string[] = [];
  let all: SearchSession | undefined;
  const reads = await modelReads(async () => {
    all = await openSearchSession(args, 'all', (l) => lines.push(l));
  });
  try {
    assert.equal(reads, 1, 'the model is restored once');
    assert.match(lines.join('\n'), /extracting the train embeddings of ckpt_last first/);
    assert.match(lines.join('\n'), /extracting the val embeddings of ckpt_last first/);
    assert.doesNotMatch(lines.join('\n'), /extracting the test/, 'the test split is current');
    const r = all!.retriever;
    assert.deepEqual([r.split, r.splits], ['all', [...SPLITS]]);
    const sets = await Promise.all(SPLITS.map((s) => readEmbeddings(exp, s)));
    assert.equal(r.counts.recipes, sets.reduce((a, e) => a + e.all.recipeIds.length, 0));
    const recipe = await r.requireRecipe(stored.recipeIds[1]);
    const file = path.join(all!.datasetRoot, recipe.imagePaths[0]);
    const image = await decodeQueryImage(await readFile(file), file, r.imageSize);
    const merged = await r.byImage(image, 8);
    assert.equal(merged.split, 'all');
    const q = row(stored.images, stored.dim, 1);
    const everyRecipe = sets.flatMap((e) => e.all.recipeIds.map((id, k) => ({ id, split: e.split, score: cosine(row(e.all.recipes, e.dim, k), q) })));
    everyRecipe.sort((a, b) => b.score - a.score);
    assert.deepEqual(merged.hits.map((h) => [h.recipeId, h.split]), everyRecipe.slice(0, 8).map((x) => [x.id, x.split]));
    // One split of the loaded ones, on request.
    const onlyVal = await r.byImage(image, 8, 'val');
    assert.ok(onlyVal.split === 'val' && onlyVal.hits.every((h) => h.split === 'val'));
    const train = (await r.byRecipeId(sets[0].recipeIds[0], 3)).hits;
    assert.equal(train.length, 3);
  } finally {
    all?.close();
  }
});

test('recipe1m serve answers on an ephemeral 127.0.0.1 port and stops on SIGTERM', async () => {
  let answered: unknown;
  const run = await cli(['serve', '-o', path.join(exp, 'options.yaml'), '--exp.resume', 'last', '--port', '0'], (text, child) => {
    const m = /on http:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
    if (!m || answered !== undefined) return;
    answered = null;
    void fetch(`http://127.0.0.1:${m[1]}/api/info`)
      .then((r) => r.json())
      .then((info) => (answered = info))
      .finally(() => child.kill('SIGTERM'));
  });
  assert.equal(run.code, 0, run.stderr);
  // The page's default: every split.
  const sets = await Promise.all(SPLITS.map((s) => readEmbeddings(exp, s)));
  const sum = (f: (e: ExtractedEmbeddings) => number) => sets.reduce((a, e) => a + f(e), 0);
  assert.deepEqual(answered, {
    split: 'all', splits: [...SPLITS], recipes: sum((e) => e.all.recipeIds.length), pairs: sum((e) => e.recipeIds.length), images: sum((e) => e.all.imageIds.length),
    checkpoint: 'ckpt_last', maxUploadBytes: 10_000_000,
  });
});

test('a session reuses current embeddings (one restore), and re-extracts after a new save of the checkpoint or when they hold only the pairs', async () => {
  const args = ['-o', path.join(exp, 'options.yaml'), '--exp.resume', 'last', '--engine.progress=false'];
  const quiet: string[] = [];
  assert.equal(await modelReads(async () => (await openSearchSession(args, 'test', (l) => quiet.push(l))).close()), 1);
  assert.deepEqual(quiet, []);
  // One more epoch: ckpt_last is saved again.
  await trainExperiment([...args.slice(0, 4), '--engine.nb_epochs=2', '--engine.progress=false'], { echo: () => {}, handleSignals: false });
  const again: string[] = [];
  assert.equal(await modelReads(async () => (await openSearchSession(args, 'test', (l) => again.push(l))).close()), 1, 'extracting first does not restore the model again');
  assert.match(again.join('\n'), /extracting the test embeddings of ckpt_last first \(they come from another save of the checkpoint/);
  // A set that an evaluation wrote covers the pairs only.
  const index = path.join(exp, 'embeddings_test', 'index.json');
  const pairsOnly = JSON.parse(await readFile(index, 'utf8'));
  const n = pairsOnly.count;
  fs.writeFileSync(index, JSON.stringify({ ...pairsOnly, covers: 'pairs', recipeCount: n, imageCount: n, recipeIds: pairsOnly.recipeIds.slice(0, n), imageIds: pairsOnly.imageIds.slice(0, n), imageRecipeRows: pairsOnly.imageRecipeRows.slice(0, n) }));
  await rm(path.join(exp, 'embeddings_test', 'recipes.f32'));
  const third: string[] = [];
  (await openSearchSession(args, 'test', (l) => third.push(l))).close();
  assert.match(third.join('\n'), /they hold only the pairs/);
});
