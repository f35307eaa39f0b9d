/**
 * The native addon is found in the package's own folder, not from the
 * working directory: a process that runs anywhere else (a notebook in
 * notebooks/, a script started from /tmp) still gets the OpenBLAS matMul
 * and the one-pass Adam. Run in a child process started in an empty folder.
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

test('the native addon loads when the working directory is outside the package', (t) => {
  if (!existsSync(ADDON)) return t.skip(`${ADDON} is not built (npm run build:native)`);
  const cwd = mkdtempSync(join(tmpdir(), 'recipe1m-elsewhere-'));
  try {
    const script = `
      const { initBackend, nativeAdam } = await import(${JSON.stringify(BACKEND)});
      const info = await initBackend('wasm');
      console.log(JSON.stringify({ matMul: info.matMul, adam: nativeAdam() !== null }));`;
    const env = { ...process.env };
    delete env.RECIPE1M_NATIVE_BLAS;
    delete env.RECIPE1M_BACKEND;
    const r = spawnSync(process.execPath, ['--import', join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs'), '--input-type=module', '-e', script], { cwd, env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() as string);
    assert.deepEqual(out, { matMul: 'openblas', adam: true }, `started in ${cwd}:\n${r.stderr}`);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
