import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { backendLines, describeBackend, initBackend, nativeLoadFailure, type BackendInfo } from '../lib/backend/index.js';

// First in this file: initBackend() picks once per process.
test('the automatic choice says what it computes on and why each preferred backend was passed over', async (t) => {
  if (process.env.RECIPE1M_BACKEND) return t.skip(`RECIPE1M_BACKEND=${process.env.RECIPE1M_BACKEND} forces the backend`);
  const info = await initBackend();
  const order = ['node-gpu', 'node', 'wasm'];
  assert.deepEqual(info.failures.map((f) => f.name), order.slice(0, order.indexOf(info.name)), 'every preferred backend before the chosen one has a failure');
  for (const f of info.failures) assert.match(f.reason, /^@tensorflow\/tfjs-node(-gpu)? (is not installed|is installed but|did not load)/, `${f.name}: ${f.reason}`);
  const lines = backendLines(info);
  assert.equal(lines.length, 1 + info.failures.length, 'one line per failed candidate');
  assert.equal(lines[0], `backend ${describeBackend(info)}`);
  info.failures.forEach((f, i) => assert.equal(lines[i + 1], `  ${f.name} not used: ${f.reason}`));
  if (info.name === 'wasm') {
    assert.match(info.device, /^cpu \(wasm( SIMD|, no SIMD), \d+ threads?\)$/);
    assert.equal(info.gpu, false);
    assert.equal(describeBackend(info).includes('OpenBLAS'), info.matMul === 'openblas');
  } else {
    assert.match(info.device, /^(GPU \(CUDA\)|CPU), libtensorflow /);
  }
});

test('why a tfjs-node package did not load, from the errors Node and tfjs-node 4.22 throw', async () => {
  const absent = await import('@tensorflow/tfjs-node-absent-for-test' as string).then(() => null, (e: unknown) => e);
  assert.ok(absent, 'importing an absent package fails');
  assert.equal(nativeLoadFailure('@tensorflow/tfjs-node-absent-for-test', absent), '@tensorflow/tfjs-node-absent-for-test is not installed');
  // What @tensorflow/tfjs-node-gpu 4.22.0 (dist/index.js) throws when installed without its install script.
  const noBinding = new Error(
    'The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v8/tfjs_binding.node. \n' +
      "Please run command 'npm rebuild @tensorflow/tfjs-node-gpu --build-addon-from-source' to rebuild the native addon module.",
  );
  assert.equal(
    nativeLoadFailure('@tensorflow/tfjs-node-gpu', noBinding),
    '@tensorflow/tfjs-node-gpu is installed but its native binding is missing (its install script downloads libtensorflow; see README)',
  );
  // A dependency of the package missing is not the package missing.
  const dependency = Object.assign(new Error("Cannot find module '@mapbox/node-pre-gyp'\nRequire stack:\n- /x/index.js"), { code: 'MODULE_NOT_FOUND' });
  assert.equal(nativeLoadFailure('@tensorflow/tfjs-node', dependency), "@tensorflow/tfjs-node did not load: Cannot find module '@mapbox/node-pre-gyp'");
  const dlopen = new Error('libtensorflow.so.2: cannot open shared object file: No such file or directory');
  assert.equal(nativeLoadFailure('@tensorflow/tfjs-node', dlopen), '@tensorflow/tfjs-node did not load: libtensorflow.so.2: cannot open shared object file: No such file or directory');
});

test('the backend line names OpenBLAS only when it multiplies the matrices', () => {
  const info: BackendInfo = { name: 'wasm', tfBackend: 'wasm', threads: 2, matMul: 'openblas', device: 'cpu (wasm SIMD, 1 thread)', gpu: false, failures: [] };
  assert.equal(describeBackend(info), 'wasm: cpu (wasm SIMD, 1 thread), matMul through OpenBLAS (2 threads)');
  assert.equal(describeBackend({ ...info, matMul: 'backend' }), 'wasm: cpu (wasm SIMD, 1 thread)');
  assert.deepEqual(backendLines({ ...info, name: 'node-gpu', device: 'GPU (CUDA), libtensorflow 2.9.1', matMul: undefined, gpu: true }), ['backend node-gpu: GPU (CUDA), libtensorflow 2.9.1']);
});

/** Runs fn on a backend and returns plain arrays, so results of two backends can be compared. */
async function on(backend: 'cpu' | 'wasm', fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await initBackend(backend);
  const outs = tf.tidy(fn);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

function assertClose(a: Float32Array, b: Float32Array, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths differ`);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

function gatherLossGrads(): tf.Tensor[] {
  const table = tf.variable(tf.tensor2d([...Array(40).keys()].map((i) => Math.sin(i)), [10, 4]), true, 'tbl');
  const w = tf.tensor2d([...Array(12).keys()].map((i) => Math.cos(i)), [4, 3]);
  const ids = tf.tensor1d([1, 3, 3, 7, 0, 9], 'int32');
  const f = () => tf.tanh(tf.matMul(tf.gather(table, ids), w)).square().sum() as tf.Scalar;
  const { grads } = tf.variableGrads(f, [table]);
  const out = [grads[table.name]];
  table.dispose();
  return out;
}

function transposedMatMuls(): tf.Tensor[] {
  const a = tf.tensor3d([...Array(2 * 5 * 3).keys()].map((i) => Math.sin(i * 0.7)), [2, 5, 3]);
  const b = tf.tensor3d([...Array(2 * 5 * 4).keys()].map((i) => Math.cos(i * 0.3)), [2, 5, 4]);
  const c = tf.tensor3d([...Array(2 * 4 * 3).keys()].map((i) => Math.cos(i * 0.9)), [2, 4, 3]);
  return [tf.matMul(a, b, true, false), tf.matMul(a, c, false, true), tf.matMul(b, a.transpose([0, 2, 1]), true, true)];
}

test('a gathered embedding trains on wasm, with the gradient of the cpu backend', async () => {
  const [cpu] = await on('cpu', gatherLossGrads);
  const [wasm] = await on('wasm', gatherLossGrads);
  assert.ok(cpu.some((v) => v !== 0), 'the gradient is not all zero');
  assertClose(wasm, cpu, 1e-5, 'd loss / d table');
});

test('transposed matMul on wasm equals the cpu result', async () => {
  const cpu = await on('cpu', transposedMatMuls);
  const wasm = await on('wasm', transposedMatMuls);
  cpu.forEach((c, i) => assertClose(wasm[i], c, 1e-5, `case ${i}`));
});

test('an optimizer step through gather changes the embedding on wasm and leaks no tensor', async () => {
  await initBackend('wasm');
  const table = tf.variable(tf.randomNormal([20, 8], 0, 1, 'float32', 1));
  const opt = tf.train.adam(0.01);
  const ids = tf.tensor1d([2, 5, 5, 11], 'int32');
  const before = table.dataSync().slice();
  const step = () => opt.minimize(() => tf.gather(table, ids).square().mean() as tf.Scalar);
  step();
  const tensors = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) step();
  assert.equal(tf.memory().numTensors, tensors, 'tensor count grew across steps');
  const after = table.dataSync();
  assert.notEqual(after[2 * 8], before[2 * 8], 'a gathered row changed');
  assert.equal(after[0], before[0], 'a row never gathered is untouched');
  opt.dispose(); table.dispose(); ids.dispose();
});

test('RECIPE1M_BACKEND names an unknown backend: a clear error', async () => {
  process.env.RECIPE1M_BACKEND = 'tpu';
  try {
    await assert.rejects(initBackend(), /RECIPE1M_BACKEND=tpu is not a backend/);
  } finally {
    delete process.env.RECIPE1M_BACKEND;
  }
});

test('a forced native backend that is not installed fails clearly', async () => {
  let installed = true;
  try { await import('@tensorflow/tfjs-node' as string); } catch { installed = false; }
  if (installed) return;
  await assert.rejects(initBackend('node'), /backend 'node' cannot be loaded \(node: @tensorflow\/tfjs-node is not installed\)/);
});
