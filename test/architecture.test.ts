/**
 * The import rule of docs/architecture.md, checked on the sources: lower
 * layers never import higher ones. So far for the ground floor, lib/options.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LIB = join(ROOT, 'lib');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Import {
  /** The importing file, relative to the repository. */
  file: string;
  spec: string;
  /** The lib/ entry it reaches: a folder (`util`) or a top-level module (`backend.js`). */
  into: string;
}

/** The relative imports, static and dynamic, of every module under lib/<folder>. */
function imports(folder: string): Import[] {
  const files = sources(join(LIB, folder));
  assert.ok(files.length > 0, `lib/${folder} has no sources`);
  return files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'(\.[^']*)'/gm)].map(([, spec]) => ({
      file: relative(ROOT, file),
      spec,
      into: relative(LIB, resolve(dirname(file), spec)).split(/[\\/]/)[0],
    })),
  );
}

const shown = (i: Import): string => `${i.file}: ${i.spec}`;

test('lib/options, the ground floor, imports nothing from lib/ but lib/util', () => {
  assert.deepEqual(imports('options').filter((i) => !['options', 'util'].includes(i.into)).map(shown), []);
});

test('the layers below the engine take their option builders from lib/options, not from the engine', () => {
  for (const folder of ['data', 'model', 'losses', 'metrics']) {
    assert.deepEqual(imports(folder).filter((i) => i.into === 'engine').map(shown), [], `lib/${folder} imports the engine`);
  }
});

test('the analyses do not import the notebook set-up above them', () => {
  assert.deepEqual(imports('analysis').filter((i) => i.into === 'notebook').map(shown), []);
});
