import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, truncate, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { embeddingsDir, hasEmbeddings, readEmbeddings, writeEmbeddings } from '../../lib/search/embeddings_io.js';

function sample(count: number, dim: number) {
  const fill = (offset: number) => Float32Array.from({ length: count * dim }, (_, k) => Math.sin(k + offset) * 3);
  return {
    split: 'val',
    dim,
    recipeIds: [...Array(count).keys()].map((i) => `rec${i}`),
    imageIds: [...Array(count).keys()].map((i) => `img${i}.jpg`),
    recipes: fill(0),
    images: fill(100),
    checkpoint: 'ckpt_best_eval_R1',
  };
}

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'recipe1m-emb-'));

test('embeddings round-trip exactly, in the documented layout', async () => {
  const dir = await tempDir();
  const e = sample(5, 3);
  assert.equal(await hasEmbeddings(dir, 'val'), false);
  await writeEmbeddings(dir, e);
  assert.equal(await hasEmbeddings(dir, 'val'), true);
  const folder = embeddingsDir(dir, 'val');
  assert.deepEqual((await readdir(folder)).sort(), ['ids.csv', 'images.f32', 'images.npy', 'index.json', 'recipes.f32', 'recipes.npy']);
  // Raw little-endian float32, row-major: byte 4*(row*dim+col).
  const raw = await readFile(path.join(folder, 'recipes.f32'));
  assert.equal(raw.length, 5 * 3 * 4);
  assert.equal(raw.readFloatLE(4 * (2 * 3 + 1)), Math.fround(Math.sin(7) * 3));
  const index = JSON.parse(await readFile(path.join(folder, 'index.json'), 'utf8'));
  assert.equal(index.count, 5);
  assert.equal(index.dim, 3);
  assert.equal(index.version, 1);
  assert.ok(!Number.isNaN(Date.parse(index.createdAt)));
  const back = await readEmbeddings(dir, 'val');
  assert.deepEqual(back.recipes, e.recipes);
  assert.deepEqual(back.images, e.images);
  assert.deepEqual(back.recipeIds, e.recipeIds);
  assert.deepEqual(back.imageIds, e.imageIds);
  assert.equal(back.checkpoint, 'ckpt_best_eval_R1');
  await rm(dir, { recursive: true });
});

test('missing and truncated files are reported by name', async () => {
  const dir = await tempDir();
  await assert.rejects(readEmbeddings(dir, 'test'), /embeddings_test\/index\.json is missing/);
  await writeEmbeddings(dir, sample(4, 2));
  const images = path.join(embeddingsDir(dir, 'val'), 'images.f32');
  await truncate(images, 20);
  await assert.rejects(readEmbeddings(dir, 'val'), (e: Error) => e.message.includes(images) && /has 20 bytes, expected .* = 32/.test(e.message));
  await rm(images);
  await assert.rejects(readEmbeddings(dir, 'val'), (e: Error) => e.message.includes(images) && /is missing/.test(e.message));
  await writeFile(path.join(embeddingsDir(dir, 'val'), 'index.json'), '{"format":');
  await assert.rejects(readEmbeddings(dir, 'val'), /index\.json: not valid JSON/);
  await rm(dir, { recursive: true });
});

test('inconsistent inputs are refused before anything is written', async () => {
  const dir = await tempDir();
  await assert.rejects(writeEmbeddings(dir, { ...sample(3, 2), imageIds: ['a'] }), /3 recipe ids but 1 image ids/);
  await assert.rejects(writeEmbeddings(dir, { ...sample(3, 2), images: new Float32Array(5) }), /images has 5 values, expected count\*dim = 3\*2 = 6/);
  await assert.rejects(writeEmbeddings(dir, { ...sample(3, 2), split: '../x' }), /split '..\/x' is not a plain name/);
  assert.deepEqual(await readdir(dir), []);
  await rm(dir, { recursive: true });
});

test('rewriting a split replaces it and leaves no temporary files', async () => {
  const dir = await tempDir();
  await writeEmbeddings(dir, sample(6, 4));
  await writeEmbeddings(dir, sample(2, 4));
  assert.equal((await readEmbeddings(dir, 'val')).recipeIds.length, 2);
  assert.deepEqual((await readdir(embeddingsDir(dir, 'val'))).sort(), ['ids.csv', 'images.f32', 'images.npy', 'index.json', 'recipes.f32', 'recipes.npy']);
  await rm(dir, { recursive: true });
});

test('index.json carries the bag options of the logged metrics (rows are in store order, the rows the bags index)', async () => {
  const dir = await tempDir();
  const metric = { nb_bags: 10, nb_matchs_per_bag: 1000, protocol: 'disjoint', seed: 1338 };
  await writeEmbeddings(dir, { ...sample(3, 2), metric });
  const index = JSON.parse(await readFile(path.join(embeddingsDir(dir, 'val'), 'index.json'), 'utf8'));
  assert.deepEqual(index.metric, metric);
  assert.deepEqual((await readEmbeddings(dir, 'val')).metric, metric);
  await writeFile(path.join(embeddingsDir(dir, 'val'), 'index.json'), JSON.stringify({ ...index, metric: { nb_bags: 'ten' } }));
  await assert.rejects(readEmbeddings(dir, 'val'), /index\.json: metric must be \{nb_bags, nb_matchs_per_bag, protocol, seed\}/);
  await rm(dir, { recursive: true });
});
