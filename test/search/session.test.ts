/**
 * Search against a real (barely trained) experiment on the tiny prepared
 * cookbook: the query paths must reproduce what extraction computed, so
 * that a photo of the split searched by file gives exactly the ranking its
 * stored embedding gives.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, utimes } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { readEmbeddings, type LoadedEmbeddings } from '../../lib/search/embeddings_io.js';
import { decodeQueryImage } from '../../lib/search/image_input.js';
import { openSearchSession, type SearchSession } from '../../lib/search/session.js';
import { tinyExperiment, type TinyExperiment } from './tiny_experiment.js';

let tiny: TinyExperiment;
let raw: string;
let exp: string;
let session: SearchSession;
let stored: LoadedEmbeddings;
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

test('the first search extracts the split from the checkpoint it loads', () => {
  assert.match(logged.join('\n'), /extracting the test embeddings of ckpt_last first/);
  assert.equal(stored.checkpoint, 'ckpt_last');
  assert.equal(session.retriever.size, stored.recipeIds.length);
});

test('a stored photo searched from its file ranks recipes exactly as its extracted embedding does', async () => {
  // Every photo of the split: JPEG, PNG and WebP files alike.
  for (let i = 0; i < stored.recipeIds.length; i++) {
    const recipe = await session.retriever.requireRecipe(stored.recipeIds[i]);
    const file = path.join(session.datasetRoot, recipe.imagePaths[recipe.imageIds.indexOf(stored.imageIds[i])]);
    const image = await decodeQueryImage(await readFile(file), file, session.retriever.imageSize);
    const result = await session.retriever.byImage(image, 5);
    const expected = bruteForce(stored.recipes, stored.dim, row(stored.images, stored.dim, i)).slice(0, 5);
    assert.deepEqual(result.hits.map((h) => h.recipeId), expected.map((r) => stored.recipeIds[r]), `photo ${file}`);
    const want = cosine(row(stored.recipes, stored.dim, expected[0]), row(stored.images, stored.dim, i));
    assert.ok(Math.abs(result.hits[0].score - want) < 1e-4, `photo ${file}: score ${result.hits[0].score} vs ${want}`);
  }
});

test('a recipe re-encoded from the store matches its extracted embedding; removing an ingredient changes it', async () => {
  for (let i = 0; i < 5; i++) {
    const id = stored.recipeIds[i];
    // A name the recipe does not hold forces the re-encoding path (batch built by the search module, not by extraction).
    const same = await session.retriever.byRecipeId(id, 5, ['not_an_ingredient_here']);
    const plain = await session.retriever.byRecipeId(id, 5);
    const expected = bruteForce(stored.images, stored.dim, row(stored.recipes, stored.dim, i)).slice(0, 5);
    assert.deepEqual(plain.hits.map((h) => h.imageId), expected.map((r) => stored.imageIds[r]));
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
  assert.ok(recipe.instructions.length > 0 && recipe.instructions.every((s) => s.length > 0));
});

/** The recipes of the generated layer1.json by id, as their authors wrote them. */
async function written(): Promise<Map<string, { url: string; ingredients: string[]; instructions: string[] }>> {
  type L1 = { id: string; url: string; ingredients: Array<{ text: string }>; instructions: Array<{ text: string }> };
  const layer1 = JSON.parse(await readFile(path.join(raw, 'layer1.json'), 'utf8')) as L1[];
  return new Map(layer1.map((r) => [r.id, { url: r.url, ingredients: r.ingredients.map((e) => e.text), instructions: r.instructions.map((e) => e.text) }]));
}

test('recipes of the store are shown with the lines, sentences and url of layer1.json', async () => {
  const byId = await written();
  for (const id of stored.recipeIds) {
    const recipe = await session.retriever.requireRecipe(id);
    const want = byId.get(id)!;
    assert.deepEqual(recipe.ingredientLines, want.ingredients, id);
    assert.deepEqual(recipe.instructions, want.instructions, id);
    assert.equal(recipe.url, want.url, id);
  }
});

test('a session reuses current embeddings and re-extracts after a newer checkpoint', async () => {
  const args = ['-o', path.join(exp, 'options.yaml'), '--exp.resume', 'last', '--engine.progress=false'];
  const quiet: string[] = [];
  (await openSearchSession(args, 'test', (l) => quiet.push(l))).close();
  assert.deepEqual(quiet, []);
  const later = new Date(Date.now() + 5000);
  await utimes(path.join(exp, 'ckpt_last_model.bin'), later, later);
  const again: string[] = [];
  (await openSearchSession(args, 'test', (l) => again.push(l))).close();
  assert.match(again.join('\n'), /ckpt_last was saved after they were extracted/);
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
  const expected = bruteForce(stored.images, stored.dim, row(stored.recipes, stored.dim, 2)).slice(0, 3);
  assert.deepEqual(out.hits.map((h: { imageId: string }) => h.imageId), expected.map((r) => stored.imageIds[r]));
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
  assert.deepEqual(answered, { split: 'test', count: stored.recipeIds.length, checkpoint: 'ckpt_last', maxUploadBytes: 10_000_000 });
});
