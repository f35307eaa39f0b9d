import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { createBackbone, MINI_V1_DIM, normalizePixels, TfjsModelBackbone, type RawImage } from '../../lib/data/backbone/index.js';
import { makeRecipe } from '../../lib/data/generator/recipes.js';
import { renderScene, IMAGE_SIZE } from '../../lib/data/generator/render.js';
import { presetWarning, type StatisticsFit } from '../../lib/data/backbone/input_check.js';
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

test('normalize presets: each one against a hand computation, caffe in BGR order minus the ImageNet means', () => {
  const im: RawImage = { data: Uint8Array.from([10, 20, 30, 255, 0, 128]), width: 2, height: 1 };
  const close = (got: Float32Array, want: number[]) => want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) < 1e-5, `value ${i}: ${got[i]} vs ${w}`));
  close(normalizePixels([im], 'unit'), [10 / 255, 20 / 255, 30 / 255, 1, 0, 128 / 255]);
  close(normalizePixels([im], 'symmetric'), [10 / 127.5 - 1, 20 / 127.5 - 1, 30 / 127.5 - 1, 1, -1, 128 / 127.5 - 1]);
  close(normalizePixels([im], 'imagenet'), [
    (10 / 255 - 0.485) / 0.229, (20 / 255 - 0.456) / 0.224, (30 / 255 - 0.406) / 0.225,
    (1 - 0.485) / 0.229, (0 - 0.456) / 0.224, (128 / 255 - 0.406) / 0.225,
  ]);
  // Pixel (R, G, B) = (10, 20, 30) becomes (B − 103.939, G − 116.779, R − 123.68).
  close(normalizePixels([im], 'caffe'), [30 - 103.939, 20 - 116.779, 10 - 123.68, 128 - 103.939, 0 - 116.779, 255 - 123.68]);
  close(normalizePixels([im, im], 'caffe').subarray(6), [30 - 103.939, 20 - 116.779, 10 - 123.68, 128 - 103.939, 0 - 116.779, 255 - 123.68]);
});

/** A model whose features are its input pixels, flattened: what the backbone feeds it, visible. */
async function identityModel(dir: string, size: number): Promise<void> {
  const input = tf.input({ shape: [size, size, 3] });
  await saveModel(tf.model({ inputs: input, outputs: tf.layers.flatten({}).apply(input) as tf.SymbolicTensor }), dir);
}

test('tfjs-model backbone: normalize=caffe feeds the model BGR bytes minus the means; the name states the preset and re-creates the same backbone', async () => {
  await initBackend();
  const dir = await mkdtemp(join(tmpdir(), 'r1m-caffe-'));
  try {
    await identityModel(dir, 2);
    const im: RawImage = { data: Uint8Array.from([10, 20, 30, 255, 0, 128, 1, 2, 3, 200, 100, 50]), width: 2, height: 2 };
    const warnings: string[] = [];
    const bb = await createBackbone(`tfjs-model:${dir}?normalize=caffe`, { onWarning: (w) => warnings.push(w) });
    const got = await bb.embed([im]);
    const want: number[] = [];
    for (let p = 0; p < 12; p += 3) want.push(im.data[p + 2] - 103.939, im.data[p + 1] - 116.779, im.data[p] - 123.68);
    want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) < 1e-4, `feature ${i}: ${got[i]} vs ${w}`));
    assert.match(bb.name, /\?normalize=caffe$/);
    bb.dispose();

    // The manifest records `name`, and search re-creates the backbone from it: the preset must survive.
    for (const norm of ['imagenet', 'symmetric', 'caffe']) {
      const first = await createBackbone(`tfjs-model:${dir}?normalize=${norm}`, { onWarning: () => {} });
      const again = await createBackbone(first.name, { onWarning: () => {} });
      assert.deepEqual(await again.embed([im]), await first.embed([im]), `${norm}: ${first.name} re-creates another backbone`);
      first.dispose();
      again.dispose();
    }
    await assert.rejects(createBackbone(`tfjs-model:${dir}?normalize=bgr`), /normalize must be one of unit, imagenet, symmetric, caffe, got 'bgr'/);
    await assert.rejects(createBackbone(`tfjs-model:${dir}?size=big`), /size must be a positive integer, got 'big'/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('tfjs-model backbone: the first batch is checked against the first BatchNormalization layer, and the warning names the preset that fits', async () => {
  await initBackend();
  const dir = await mkdtemp(join(tmpdir(), 'r1m-bn-'));
  try {
    const size = 8;
    const imgs = [0, 1, 2, 3].map((s) => randomImage(size, 10 + s));
    // A batch normalisation on the pixels themselves, "trained" on caffe-style input.
    const caffe = tf.tensor4d(normalizePixels(imgs, 'caffe'), [imgs.length, size, size, 3]);
    const { mean, variance } = tf.moments(caffe, [0, 1, 2]);
    const input = tf.input({ shape: [size, size, 3] });
    const bn = tf.layers.batchNormalization({ name: 'bn_first' });
    const model = tf.model({ inputs: input, outputs: tf.layers.globalAveragePooling2d({}).apply(bn.apply(input)) as tf.SymbolicTensor });
    bn.setWeights([tf.ones([3]), tf.zeros([3]), mean, variance]);
    await saveModel(model, dir);
    tf.dispose([caffe, mean, variance]);

    const warnings: string[] = [];
    const unit = await createBackbone(`tfjs-model:${dir}?normalize=unit`, { onWarning: (w) => warnings.push(w) });
    const before = tf.memory().numTensors;
    await unit.embed(imgs);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /layer 'bn_first'.*normalize=unit: .*normalize=caffe fits/);
    await unit.embed(imgs);
    assert.equal(warnings.length, 1, 'the check runs on the first batch only');
    assert.equal(tf.memory().numTensors, before, 'the check leaks no tensor');
    unit.dispose();

    const right = await createBackbone(`tfjs-model:${dir}?normalize=caffe`, { onWarning: (w) => warnings.push(w) });
    await right.embed(imgs);
    assert.equal(warnings.length, 1, `the right preset warns: ${warnings.slice(1).join('\n')}`);
    right.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('tfjs-model backbone: all-zero or identical features warn, non-finite features are an error naming the image', async () => {
  await initBackend();
  const dir = await mkdtemp(join(tmpdir(), 'r1m-dead-'));
  try {
    const imgs = [randomImage(4, 1), randomImage(4, 2)];
    const cases: Array<[number, number, RegExp]> = [
      [0, 0, /every feature of the first 2 image\(s\) is 0 with normalize=unit/],
      [0, 1, /2 different images give the same features with normalize=unit/],
    ];
    for (const [kernel, bias, message] of cases) {
      const input = tf.input({ shape: [4, 4, 3] });
      const dense = tf.layers.dense({ units: 3 });
      const model = tf.model({ inputs: input, outputs: dense.apply(tf.layers.flatten({}).apply(input)) as tf.SymbolicTensor });
      dense.setWeights([tf.fill([48, 3], kernel), tf.fill([3], bias)]);
      await saveModel(model, dir);
      const warnings: string[] = [];
      const bb = await createBackbone(dir, { onWarning: (w) => warnings.push(w) });
      await bb.embed(imgs);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], message);
      bb.dispose();
    }
    const input = tf.input({ shape: [4, 4, 3] });
    const dense = tf.layers.dense({ units: 3 });
    const model = tf.model({ inputs: input, outputs: dense.apply(tf.layers.flatten({}).apply(input)) as tf.SymbolicTensor });
    dense.setWeights([tf.fill([48, 3], 1), tf.tensor1d([0, Number.NaN, 0])]);
    await saveModel(model, dir);
    const bb = await createBackbone(dir, { onWarning: () => {} });
    await assert.rejects(bb.embed(imgs), /image 0 of the batch gives a non-finite feature \(NaN\)/);
    bb.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('tfjs-model backbone: darknet-tiny (trained on RGB in [0, 1]) warns with normalize=caffe, imagenet and symmetric, not with unit', async (t) => {
  if (!existsSync(join(DARKNET, 'model.json'))) {
    t.skip(`darknet-tiny not found at ${DARKNET} (set RECIPE1M_DARKNET_TINY)`);
    return;
  }
  const imgs = await Promise.all([0, 1, 2, 3].map((i) => rendered(i, i, 224)));
  const warningsOf = async (norm: string) => {
    const warnings: string[] = [];
    const bb = await createBackbone(`tfjs-model:${DARKNET}?normalize=${norm}`, { onWarning: (w) => warnings.push(w) });
    assert.ok(bb instanceof TfjsModelBackbone);
    await bb.embed(imgs);
    bb.dispose();
    return warnings;
  };
  assert.deepEqual(await warningsOf('unit'), []);
  for (const wrong of ['caffe', 'imagenet', 'symmetric']) {
    const w = await warningsOf(wrong);
    assert.equal(w.length, 1, w.join('\n'));
    assert.match(w[0], new RegExp(`layer 'batch_normalization_1'.*normalize=${wrong}: .*normalize=unit fits`));
  }
});

test('presetWarning: silent when the preset fits and no other is three times closer; warns otherwise, naming both', () => {
  const fit = (momentLogRatio: number, meanZ: number): StatisticsFit => ({ momentLogRatio, meanZ });
  const all = { unit: fit(0.1, 0.2), imagenet: fit(0.3, 0.5), symmetric: fit(0.05, 0.9), caffe: fit(4, 30) };
  assert.equal(presetWarning('bb', 'unit', 'bn', all), undefined);
  // imagenet is within both thresholds (distance 0.6 + 0.5) but unit (0.4) is not three times closer.
  assert.equal(presetWarning('bb', 'imagenet', 'bn', all), undefined);
  // symmetric fits the thresholds (0.1 + 0.9 = 1.0) and unit is only 2.5 times closer: silent; 3.6 times closer warns.
  assert.equal(presetWarning('bb', 'symmetric', 'bn', all), undefined);
  const closer = { ...all, symmetric: fit(0.05, 0.98), unit: fit(0.05, 0.2) };
  assert.match(presetWarning('bb', 'symmetric', 'bn', closer) ?? '', /^bb: .*layer 'bn' further from .*normalize=symmetric: .*normalize=unit fits/);
  assert.match(presetWarning('bb', 'caffe', 'bn', all) ?? '', /layer 'bn' far from .*normalize=caffe: second moments 10\^4\.00 times off, means 30\.00 std away.*normalize=unit fits/);
  const none = { unit: fit(2, 5), imagenet: fit(2, 4), symmetric: fit(3, 4), caffe: fit(4, 30) };
  assert.match(presetWarning('bb', 'unit', 'bn', none) ?? '', /no preset fits/);
});

/** A GraphModel (the converter's format for TF Hub and SavedModel inputs) whose output is its input, with open spatial sizes. */
function identityGraphModel(dir: string): void {
  const dims = (d: number[]) => ({ dim: d.map((size) => ({ size: String(size) })) });
  writeFileSync(join(dir, 'model.json'), JSON.stringify({
    format: 'graph-model',
    modelTopology: {
      node: [
        { name: 'images', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dims([-1, -1, -1, 3]) } } },
        { name: 'features', op: 'Identity', input: ['images'], attr: { T: { type: 'DT_FLOAT' } } },
      ],
      versions: { producer: 1 },
    },
    weightsManifest: [{ paths: [], weights: [] }],
  }));
}

test('tfjs-model backbone: a GraphModel with open input sizes ([-1, -1, -1, 3], as TF Hub feature vectors convert) takes size= or 224, and the name records it', async () => {
  await initBackend();
  const dir = await mkdtemp(join(tmpdir(), 'r1m-graph-'));
  try {
    identityGraphModel(dir);
    const open = await createBackbone(`tfjs-model:${dir}`, { onWarning: () => {} });
    assert.equal(open.inputSize, 224);
    assert.match(open.name, /\?normalize=unit&size=224$/);
    open.dispose();
    const bb = await createBackbone(`tfjs-model:${dir}?normalize=symmetric&size=2`, { onWarning: () => {} });
    assert.equal(bb.inputSize, 2);
    assert.equal(bb.featureDim, 3);
    const im: RawImage = { data: Uint8Array.from([0, 51, 255, 255, 51, 0, 0, 102, 255, 255, 102, 0]), width: 2, height: 2 };
    // The identity's [1, 2, 2, 3] output, average-pooled: per channel the mean of v / 127.5 − 1.
    const want = [0, 1, 2].map((c) => [0, 3, 6, 9].reduce((s, p) => s + im.data[p + c] / 127.5 - 1, 0) / 4);
    const got = await bb.embed([im]);
    want.forEach((w, c) => assert.ok(Math.abs(got[c] - w) < 1e-5, `channel ${c}: ${got[c]} vs ${w}`));
    const again = await createBackbone(bb.name, { onWarning: () => {} });
    assert.equal(again.inputSize, 2);
    bb.dispose();
    again.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
