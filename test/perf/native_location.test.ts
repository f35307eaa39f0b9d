/**
 * The native addon is found in the package's own folder, not from the
 * working directory: a process that runs anywhere else (a notebook in
 * notebooks/, a script started from /tmp) still gets the OpenBLAS matMul
 * and the one-pass Adam. Run in child processes started in an empty folder:
 * one loads the sources through tsx (ES modules), one through the notebooks'
 * kernel, tslab, which compiles them to CommonJS below notebooks/lib.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ADDON = join(ROOT, 'native', 'build', 'kernels.node');
const BACKEND = join(ROOT, 'lib', 'backend', 'index.ts');

/** Runs `node <args>` in a fresh empty folder, without the variables that pick the addon or the backend; returns the last stdout line as JSON. */
function runElsewhere(args: string[]): unknown {
  const cwd = mkdtempSync(join(tmpdir(), 'recipe1m-elsewhere-'));
  try {
    const env = { ...process.env };
    delete env.RECIPE1M_NATIVE_BLAS;
    delete env.RECIPE1M_BACKEND;
    const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });
    assert.equal(r.status, 0, `started in ${cwd}:\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop() as string);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

test('the native addon loads when the working directory is outside the package', (t) => {
  if (!existsSync(ADDON)) return t.skip(`${ADDON} is not built (npm run build:native)`);
  const script = `
    const { initBackend, nativeAdam } = await import(${JSON.stringify(BACKEND)});
    const info = await initBackend('wasm');
    console.log(JSON.stringify({ matMul: info.matMul, adam: nativeAdam() !== null }));`;
  const out = runElsewhere(['--import', join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs'), '--input-type=module', '-e', script]);
  assert.deepEqual(out, { matMul: 'openblas', adam: true });
});

test('the notebooks kernel (tslab, CommonJS) finds the native addon from outside the package too', (t) => {
  if (!existsSync(ADDON)) return t.skip(`${ADDON} is not built (npm run build:native)`);
  const notebooks = join(ROOT, 'notebooks');
  const tslab = join(ROOT, 'node_modules', 'tslab', 'dist');
  // What tslab's startKernel builds (scripts/tslab-kernel.cjs), rooted at notebooks/ as a notebook is; the working directory is the empty folder.
  const cell = `import { initBackend, nativeAdam } from './lib/backend/index.js';
const info = await initBackend('wasm');
console.log(JSON.stringify({ matMul: info.matMul, adam: nativeAdam() !== null }));`;
  const script = `
    const here = process.cwd();
    process.chdir(${JSON.stringify(notebooks)});
    const node = require(${JSON.stringify(join(tslab, 'converter.js'))}).createConverter({ isJS: false, isBrowser: false });
    const executor = require(${JSON.stringify(join(tslab, 'executor.js'))}).createExecutor(${JSON.stringify(notebooks)}, { node, browser: node }, console);
    process.chdir(here);
    executor.execute(${JSON.stringify(cell)}).then((ok) => { node.close(); process.exit(ok ? 0 : 1); });`;
  const out = runElsewhere(['-e', script]);
  assert.deepEqual(out, { matMul: 'openblas', adam: true });
});
