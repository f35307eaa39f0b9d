import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend.js';
import { createBackbone, MINI_V1_DIM, type RawImage } from '../../lib/data/backbone/index.js';
import { makeRecipe } from '../../lib/data/generator/recipes.js';
import { renderScene, IMAGE_SIZE } from '../../lib/data/generator/render.js';
import { decodeImage } from '../../lib/data/image_decode.js';
import { Random } from '../../lib/util/random.js';
import sharp from 'sharp';

const DARKNET = process.env.RECIPE1M_DARKNET_TINY ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/models/darknet-tiny');

function randomImage(size: number, seed: number): RawImage {
  const rng = new Random(seed);
  return { data: Uint8Array.from({ length: size * size * 3 }, () => rng.int(256)), width: size, height: size };
}

async function rendered(recipeIndex: number, view: number, size: number): Promise<RawImage> {
  const rgb = renderScene(makeRecipe(recipeIndex, 4).scene, new Random(view));
  const { data, info } = await sharp(rgb, { raw: { width: IMAGE_SIZE, height: IMAGE_SIZE, channels: 3 } }).resize(size, size).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

const cosine = (a: Float32Array, b: Float32Array) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
};

test('mini-v1: deterministic, unit-norm, right size; photos of one recipe are closer than photos of different recipes', async () => {
  const bb = await createBackbone('mini-v1');
  assert.equal(bb.featureDim, MINI_V1_DIM);
  assert.equal(bb.inputSize, 64);
  const imgs = [randomImage(64, 1), randomImage(64, 2)];
  const a = await bb.embed(imgs);
  assert.deepEqual(a, await bb.embed(imgs));
  assert.equal(a.length, 2 * MINI_V1_DIM);
  assert.ok(Math.abs(Math.hypot(...a.subarray(0, MINI_V1_DIM)) - 1) < 1e-5);
  await assert.rejects(bb.embed([randomImage(32, 1)]), /expected 64x64/);
  // Two views of the same dish vs views of other dishes.
  const n = 12;
  const views = await Promise.all([...Array(n).keys()].flatMap((i) => [rendered(i, 1, 64), rendered(i, 2, 64)]));
  const f = await bb.embed(views);
  const row = (k: number) => f.subarray(k * MINI_V1_DIM, (k + 1) * MINI_V1_DIM);
  let same = 0, other = 0, count = 0;
  for (let i = 0; i < n; i++) {
    same += cosine(row(2 * i), row(2 * i + 1));
    for (let j = 0; j < n; j++) if (j !== i) { other += cosine(row(2 * i), row(2 * j + 1)); count++; }
  }
  assert.ok(same / n > other / count, `same recipe ${(same / n).toFixed(3)} vs other ${(other / count).toFixed(3)}`);
});

/** Saves a LayersModel as model.json + one weight file, as tfjs's own file format. */
async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const data = artifacts.weightData!;
    const bytes = Array.isArray(data) ? Buffer.concat(data.map((d) => Buffer.from(d))) : Buffer.from(data as ArrayBuffer);
    writeFileSync(join(dir, 'weights.bin'), bytes);
    writeFileSync(join(dir, 'model.json'), JSON.stringify({
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    }));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
}

test('tfjs-model backbone: a tiny LayersModel saved by the test, its output and a named intermediate layer', async () => {
  await initBackend();
  const dir = await mkdtemp(join(tmpdir(), 'r1m-tfjs-'));
  try {
    const input = tf.input({ shape: [12, 12, 3] });
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', name: 'conv', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling2d({}).apply(conv) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 5, name: 'head', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(pooled) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    await saveModel(model, dir);
    const imgs = [randomImage(12, 3), randomImage(12, 4)];
    const pixels = tf.tensor4d(Float32Array.from([...imgs[0].data, ...imgs[1].data], (v) => v / 255), [2, 12, 12, 3]);
    const want = (model.predict(pixels) as tf.Tensor).dataSync();
    const wantConv = tf.model({ inputs: input, outputs: conv }).predict(pixels) as tf.Tensor;
    const wantPooled = wantConv.mean([1, 2]).dataSync();

    const bb = await createBackbone(`tfjs-model:${dir}`);
    assert.equal(bb.inputSize, 12);
    assert.equal(bb.featureDim, 5);
    const got = await bb.embed(imgs);
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-4, `output ${i}: ${v} vs ${want[i]}`));
    bb.dispose();

    const inner = await createBackbone(`tfjs-model:${dir}?layer=conv`);
    assert.equal(inner.featureDim, 4);
    const gotInner = await inner.embed(imgs);
    gotInner.forEach((v, i) => assert.ok(Math.abs(v - wantPooled[i]) < 1e-4, `pooled ${i}`));
    inner.dispose();

    const plain = await createBackbone(dir); // a folder with model.json works as a spec too
    assert.equal(plain.featureDim, 5);
    const imagenet = await createBackbone(`tfjs-model:${dir}?normalize=imagenet`);
    assert.notDeepEqual(await imagenet.embed(imgs), got);
    plain.dispose();
    imagenet.dispose();

    await assert.rejects(createBackbone(`tfjs-model:${dir}?layer=nope`), /no layer 'nope'/);
    await assert.rejects(createBackbone(`tfjs-model:${dir}?colour=red`), /unknown option 'colour'/);
    await assert.rejects(createBackbone(`tfjs-model:${join(dir, 'missing')}`), /model\.json not found/);
    tf.dispose([pixels, wantConv]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('tfjs-model backbone: the ImageNet-pretrained darknet-tiny on two generated photos', async (t) => {
  if (!existsSync(join(DARKNET, 'model.json'))) {
    t.skip(`darknet-tiny not found at ${DARKNET} (set RECIPE1M_DARKNET_TINY)`);
    return;
  }
  const bb = await createBackbone(`tfjs-model:${DARKNET}`);
  assert.equal(bb.inputSize, 224);
  assert.equal(bb.featureDim, 1000);
  const dir = await mkdtemp(join(tmpdir(), 'r1m-dark-'));
  try {
    const files = [0, 1].map((i) => join(dir, `${i}.jpg`));
    await Promise.all(files.map((f, i) => sharp(renderScene(makeRecipe(i, 9).scene, new Random(i)), { raw: { width: IMAGE_SIZE, height: IMAGE_SIZE, channels: 3 } }).jpeg().toFile(f)));
    const imgs = await Promise.all(files.map((f) => decodeImage(f, bb.inputSize)));
    const f = await bb.embed(imgs);
    assert.equal(f.length, 2000);
    assert.ok(f.every(Number.isFinite));
    assert.notDeepEqual(f.subarray(0, 1000), f.subarray(1000));
    bb.dispose();
    const maps = await createBackbone(`tfjs-model:${DARKNET}?layer=leaky_re_lu_15`);
    assert.equal(maps.featureDim, 128);
    const g = await maps.embed(imgs.slice(0, 1));
    assert.ok(g.every(Number.isFinite) && g.some((v) => v !== 0));
    maps.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
