/**
 * A native/build/kernels.node that cannot load (wrong file, other machine)
 * must not break anything: initBackend warns, keeps the wasm kernels, and
 * training ops still run. Run in a child process on a copy of the package
 * (its lib/backend and lib/util) whose native/build holds a corrupt addon,
 * since the addon is looked up in the package's own folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

test('a corrupt native addon falls back to the wasm matMul with a warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recipe1m-native-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'recipe1m-ts', type: 'module' }));
    for (const folder of ['backend', 'util']) cpSync(resolve('lib', folder), join(dir, 'lib', folder), { recursive: true });
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
    mkdirSync(join(dir, 'native', 'build'), { recursive: true });
    writeFileSync(join(dir, 'native', 'build', 'kernels.node'), 'not a shared object');
    const backend = join(dir, 'lib', 'backend', 'index.ts');
    // The same file the copy resolves '@tensorflow/tfjs' to (through the node_modules link), so both share one engine.
    const tfjs = resolve('node_modules/@tensorflow/tfjs/dist/tf.node.js');
    const script = `
      const tf = await import(${JSON.stringify(tfjs)});
      const { initBackend } = await import(${JSON.stringify(backend)});
      const info = await initBackend('wasm');
      const c = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]]), true, false);
      console.log(JSON.stringify({ matMul: info.matMul, c: Array.from(c.dataSync()) }));`;
    const env = { ...process.env };
    delete env.RECIPE1M_NATIVE_BLAS;
    const r = spawnSync(process.execPath, ['--import', resolve('node_modules/tsx/dist/loader.mjs'), '--input-type=module', '-e', script], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() as string);
    assert.equal(out.matMul, 'backend');
    assert.deepEqual(out.c, [23, 34]);
    assert.match(r.stderr, /kernels\.node did not load/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
