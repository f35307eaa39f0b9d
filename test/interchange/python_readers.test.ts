/**
 * What researchers check in Python reads there as written: the extracted
 * embeddings with numpy.load (NPY) and csv/pandas (ids.csv), the checkpoint
 * files as safetensors (read_exports.py: numpy only, since Debian packages
 * no `safetensors`; the package's reader is used too where it is installed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { encodeCheckpoint } from '../../lib/experiment/checkpoint.js';
import { embeddingsDir, writeEmbeddings } from '../../lib/experiment/embeddings_io.js';

const SCRIPT = 'test/interchange/read_exports.py';
const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const skip = probe.error
  ? `python3 is not available (${probe.error.message}); scripts/setup.sh installs python3-numpy`
  : probe.status !== 0
    ? `numpy is not importable by python3 (${probe.stderr.trim().split('\n').pop()}); scripts/setup.sh installs python3-numpy`
    : false;

function python(args: string[]): unknown {
  const out = spawnSync('python3', [SCRIPT, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(out.status, 0, `read_exports.py ${args[0]} failed: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

interface NpyView {
  version: number[];
  dtype: string;
  c_contiguous: boolean;
  shape: number[];
  equals_f32: boolean;
  values: number[];
}

test('numpy loads the extracted embeddings (.npy) and the ids (ids.csv) as written', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'interchange-emb-'));
  const count = 7;
  const dim = 5;
  const fill = (offset: number) => Float32Array.from({ length: count * dim }, (_, k) => Math.sin(k * 0.37 + offset) / 3);
  // Ids as people write them: leading zeros, NA, commas, quotes, non-ASCII.
  const recipeIds = ['000123', 'NA', 'a,b', 'say "hi"', 'crème brûlée', '1e5', 'plain'];
  const imageIds = recipeIds.map((id, i) => `${id}_${i}.jpg`);
  await writeEmbeddings(dir, { split: 'test', dim, recipeIds, imageIds, recipes: fill(0), images: fill(9), checkpoint: 'ckpt_last' });
  const read = python(['embeddings', embeddingsDir(dir, 'test')]) as { recipes: NpyView; images: NpyView; ids: Record<string, string>[] };
  for (const [name, written] of [['recipes', fill(0)], ['images', fill(9)]] as const) {
    const m = read[name];
    assert.deepEqual(m.version, [1, 0], `${name}.npy is NPY format 1.0`);
    assert.equal(m.dtype, '<f4');
    assert.equal(m.c_contiguous, true);
    assert.deepEqual(m.shape, [count, dim]);
    assert.equal(m.equals_f32, true, `${name}.npy holds the rows of ${name}.f32`);
    assert.deepEqual(m.values, Array.from(written), `${name}.npy values`);
  }
  assert.deepEqual(read.ids, recipeIds.map((id, row) => ({ row: String(row), recipe_id: id, image_id: imageIds[row] })));
  rmSync(dir, { recursive: true });
});

interface SafetensorsView {
  meta: Record<string, string>;
  data_start: number;
  package: boolean;
  tensors: { name: string; dtype: string; shape: number[]; values: number[] }[];
}

test('the checkpoint files read as safetensors: names in order, dtypes, shapes, values and the save token', { skip }, async (t) => {
  await initBackend('cpu');
  const variables = new Map<string, tf.Variable>([
    ['text.embedding', tf.variable(tf.tensor2d([[0.5, -1.25, 3], [1e-8, 7, -0]]), true, 'interchange_emb')],
    ['image.projection.bias', tf.variable(tf.tensor1d([0.1, 0.2, 0.3, 0.4]), true, 'interchange_bias')],
    ['classifier.scale', tf.variable(tf.scalar(2.5), true, 'interchange_scale')],
  ]);
  const optimizer = tf.train.adam(0.01);
  optimizer.minimize(() => tf.addN([...variables.values()].map((v) => tf.sum(tf.square(v)))) as tf.Scalar);
  const files = await encodeCheckpoint(variables, optimizer, 'token-42');
  const dir = mkdtempSync(join(tmpdir(), 'interchange-ckpt-'));
  const model = join(dir, 'ckpt_last_model.bin');
  const opt = join(dir, 'ckpt_last_optimizer.bin');
  writeFileSync(model, files.model);
  writeFileSync(opt, files.optimizer);
  const read = python(['safetensors', model, opt]) as Record<string, SafetensorsView>;

  const m = read['ckpt_last_model.bin'];
  assert.deepEqual(m.meta, { token: 'token-42', kind: 'model' });
  assert.equal(m.data_start % 8, 0, 'the data starts 8-byte aligned');
  assert.deepEqual(
    m.tensors.map((t) => [t.name, t.dtype, t.shape, t.values]),
    [...variables].map(([name, v]) => [name, '<f4', v.shape, Array.from(v.dataSync())]),
  );

  const o = read['ckpt_last_optimizer.bin'];
  assert.deepEqual(o.meta, { token: 'token-42', kind: 'optimizer', className: 'Adam' });
  const weights = await optimizer.getWeights();
  const expected = weights.map((w, i) => [`${i}:${w.name}`, w.tensor.dtype === 'int32' ? '<i4' : '<f4', w.tensor.shape, Array.from(w.tensor.dataSync())]);
  assert.deepEqual(o.tensors.slice(0, weights.length).map((t) => [t.name, t.dtype, t.shape, t.values]), expected, 'Adam state in its order');
  assert.deepEqual(o.tensors.slice(weights.length).map((t) => t.name), ['__accBeta1', '__accBeta2']);
  if (!m.package) t.diagnostic('the safetensors Python package is not installed: checked with the numpy reader of read_exports.py only');

  tf.dispose(weights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  optimizer.dispose();
  for (const v of variables.values()) v.dispose();
  rmSync(dir, { recursive: true });
});
