import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, truncate, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { embeddingsDir, hasEmbeddings, readEmbeddings, writeEmbeddings } from '../../lib/experiment/embeddings_io.js';

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
  assert.deepEqual((await readdir(folder)).sort(), ['ids.csv', 'image_ids.csv', 'images.f32', 'images.npy', 'index.json', 'recipes.f32', 'recipes.npy']);
  // Raw little-endian float32, row-major: byte 4*(row*dim+col).
  const raw = await readFile(path.join(folder, 'recipes.f32'));
  assert.equal(raw.length, 5 * 3 * 4);
  assert.equal(raw.readFloatLE(4 * (2 * 3 + 1)), Math.fround(Math.sin(7) * 3));
  const index = JSON.parse(await readFile(path.join(folder, 'index.json'), 'utf8'));
  assert.equal(index.count, 5);
  assert.equal(index.dim, 3);
  assert.equal(index.version, 2);
  assert.equal(index.covers, 'pairs');
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
  assert.deepEqual((await readdir(embeddingsDir(dir, 'val'))).sort(), ['ids.csv', 'image_ids.csv', 'images.f32', 'images.npy', 'index.json', 'recipes.f32', 'recipes.npy']);
  await rm(dir, { recursive: true });
});

test('index.json carries the bag options of the logged metrics (rows are in store order, the rows the bags index)', async () => {
  const dir = await tempDir();
  const metric = { nb_bags: 10, nb_matchs_per_bag: 1000, protocol: 'disjoint' as const, seed: 1338 };
  await writeEmbeddings(dir, { ...sample(3, 2), metric });
  const index = JSON.parse(await readFile(path.join(embeddingsDir(dir, 'val'), 'index.json'), 'utf8'));
  assert.deepEqual(index.metric, metric);
  assert.deepEqual((await readEmbeddings(dir, 'val')).metric, metric);
  await writeFile(path.join(embeddingsDir(dir, 'val'), 'index.json'), JSON.stringify({ ...index, metric: { nb_bags: 'ten' } }));
  await assert.rejects(readEmbeddings(dir, 'val'), /index\.json: metric must be \{nb_bags, nb_matchs_per_bag, protocol, seed\}/);
  await rm(dir, { recursive: true });
});

test('index.json: a bag protocol the metrics do not know is refused, not read as one', async () => {
  const dir = await tempDir();
  await writeEmbeddings(dir, { ...sample(3, 2), metric: { nb_bags: 10, nb_matchs_per_bag: 1000, protocol: 'disjoint', seed: 1338 } });
  const index = JSON.parse(await readFile(path.join(embeddingsDir(dir, 'val'), 'index.json'), 'utf8'));
  await writeFile(path.join(embeddingsDir(dir, 'val'), 'index.json'), JSON.stringify({ ...index, metric: { ...index.metric, protocol: 'overlapping' } }));
  await assert.rejects(readEmbeddings(dir, 'val'), /index\.json: metric must be \{nb_bags, nb_matchs_per_bag, protocol, seed\}, got .*overlapping/);
  await rm(dir, { recursive: true });
});

/** A set that covers the split: 3 pairs, 2 recipes without a photo, 4 other photos of the pairs. */
function wholeSplit(dim: number) {
  const fill = (n: number, offset: number) => Float32Array.from({ length: n * dim }, (_, k) => Math.cos(k + offset));
  return {
    ...sample(3, dim),
    textOnly: { recipeIds: ['t0', 't1'], recipes: fill(2, 50) },
    otherImages: { imageIds: ['o0.jpg', 'o1.png', 'o2.jpg', 'o3.jpg'], recipeRows: [0, 0, 2, 1], images: fill(4, 70) },
  };
}

test('a set that covers the split: the pairs first, then the recipes without a photo and the other photos', async () => {
  const dir = await tempDir();
  const e = wholeSplit(2);
  await writeEmbeddings(dir, e);
  const folder = embeddingsDir(dir, 'val');
  const index = JSON.parse(await readFile(path.join(folder, 'index.json'), 'utf8'));
  assert.deepEqual([index.covers, index.count, index.recipeCount, index.imageCount], ['split', 3, 5, 7]);
  assert.deepEqual(index.imageRecipeRows, [0, 1, 2, 0, 0, 2, 1]);
  assert.equal((await readFile(path.join(folder, 'recipes.f32'))).length, 5 * 2 * 4);
  const back = await readEmbeddings(dir, 'val');
  // The pairs, as version 1 gave them (what the metrics rank) ...
  assert.deepEqual([back.recipeIds, back.imageIds], [e.recipeIds, e.imageIds]);
  assert.deepEqual([...back.recipes], [...e.recipes]);
  assert.deepEqual([...back.images], [...e.images]);
  // ... are the first rows of the whole set.
  assert.deepEqual(back.all.recipeIds, [...e.recipeIds, 't0', 't1']);
  assert.deepEqual(back.all.imageIds, [...e.imageIds, ...e.otherImages.imageIds]);
  assert.deepEqual([...back.all.recipes], [...e.recipes, ...e.textOnly.recipes]);
  assert.deepEqual([...back.all.images], [...e.images, ...e.otherImages.images]);
  assert.deepEqual([...back.all.imageRecipeRows], [0, 1, 2, 0, 0, 2, 1]);
  assert.equal(back.covers, 'split');
  // The interchange files hold every row too.
  for (const [file, rows] of [['recipes.npy', 5], ['images.npy', 7]] as const) {
    const npy = await readFile(path.join(folder, file));
    assert.match(npy.subarray(10, 80).toString('latin1'), new RegExp(`'shape': \\(${rows}, 2\\)`), file);
    assert.equal(npy.length, npy.readUInt16LE(8) + 10 + rows * 2 * 4, file);
  }
  assert.deepEqual((await readFile(path.join(folder, 'ids.csv'), 'utf8')).trim().split('\n'), ['row,recipe_id,image_id', '0,rec0,img0.jpg', '1,rec1,img1.jpg', '2,rec2,img2.jpg', '3,t0,', '4,t1,']);
  assert.deepEqual((await readFile(path.join(folder, 'image_ids.csv'), 'utf8')).trim().split('\n').slice(3), ['2,img2.jpg,2', '3,o0.jpg,0', '4,o1.png,0', '5,o2.jpg,2', '6,o3.jpg,1']);
  await rm(dir, { recursive: true });
});

test('a set that covers the split is checked before anything is written; a damaged index is refused by name', async () => {
  const dir = await tempDir();
  const e = wholeSplit(2);
  await assert.rejects(writeEmbeddings(dir, { ...e, otherImages: undefined }), /textOnly and otherImages go together/);
  await assert.rejects(writeEmbeddings(dir, { ...e, otherImages: { ...e.otherImages, recipeRows: [0, 0, 3, 1] } }), /other image o2\.jpg names recipe row 3, not a pair row in \[0, 3\)/);
  await assert.rejects(writeEmbeddings(dir, { ...e, textOnly: { ...e.textOnly, recipes: new Float32Array(3) } }), /textOnly\.recipes has 3 values, expected count\*dim = 2\*2 = 4/);
  assert.deepEqual(await readdir(dir), []);
  await writeEmbeddings(dir, e);
  const file = path.join(embeddingsDir(dir, 'val'), 'index.json');
  const index = JSON.parse(await readFile(file, 'utf8'));
  await writeFile(file, JSON.stringify({ ...index, imageRecipeRows: [0, 1, 2, 0, 0, 2, 9] }));
  await assert.rejects(readEmbeddings(dir, 'val'), /imageRecipeRows\[6\] = 9 is not a pair row in \[0, 3\)/);
  await writeFile(file, JSON.stringify({ ...index, covers: 'pairs' }));
  await assert.rejects(readEmbeddings(dir, 'val'), /a set that covers the pairs holds count = 3 rows of each/);
  await writeFile(file, JSON.stringify({ ...index, version: 1 }));
  await assert.rejects(readEmbeddings(dir, 'val'), /version 1 is not supported \(this build reads version 2; run `recipe1m extract` again\)/);
  await rm(dir, { recursive: true });
});
