/**
 * The package's folder found from a module's own file, in both module
 * systems lib/ runs under: ES modules (tsx: the command line, the tests, the
 * pool workers) and CommonJS (the notebooks' kernel, tslab, compiles the
 * modules it imports to CommonJS and runs them under their path below
 * notebooks/lib, a link to ../lib).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { callerFile, packageRoot } from '../../lib/util/package_root.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('an ES module finds its own file and the package above it', () => {
  assert.equal(callerFile(), fileURLToPath(import.meta.url));
  assert.equal(packageRoot(dirname(callerFile())), ROOT);
});

test('a folder outside any recipe1m-ts package is an error naming where the search started', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recipe1m-nopkg-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'another-package' }));
    assert.throws(() => packageRoot(dir), new RegExp(`no package.json named recipe1m-ts at or above ${dir}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compiled to CommonJS and run through a notebooks/lib link, as the notebooks kernel does, it finds the package', () => {
  const pkg = mkdtempSync(join(tmpdir(), 'recipe1m-cjs-'));
  try {
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'recipe1m-ts' }));
    const source = readFileSync(join(ROOT, 'lib', 'util', 'package_root.ts'), 'utf8');
    const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    mkdirSync(join(pkg, 'lib', 'util'), { recursive: true });
    mkdirSync(join(pkg, 'lib', 'backend'));
    writeFileSync(join(pkg, 'lib', 'util', 'package_root.js'), compiled.outputText);
    // Called from inside a function, as native_addon.ts calls it.
    writeFileSync(
      join(pkg, 'lib', 'backend', 'probe.js'),
      "const { dirname } = require('node:path');\nconst { callerFile, packageRoot } = require('../util/package_root.js');\nfunction where() { return packageRoot(dirname(callerFile())); }\nconsole.log(where());\n",
    );
    mkdirSync(join(pkg, 'notebooks'));
    symlinkSync('../lib', join(pkg, 'notebooks', 'lib'));
    // --preserve-symlinks: the module keeps its path below the link, as tslab's modules do.
    for (const args of [[join(pkg, 'lib', 'backend', 'probe.js')], ['--preserve-symlinks', '--preserve-symlinks-main', join(pkg, 'notebooks', 'lib', 'backend', 'probe.js')]]) {
      const r = spawnSync(process.execPath, args, { cwd: tmpdir(), encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim(), pkg, args.join(' '));
    }
  } finally {
    rmSync(pkg, { recursive: true, force: true });
  }
});
