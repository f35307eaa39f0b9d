/**
 * The import rule of docs/architecture.md, checked on the sources: lower
 * layers never import higher ones. So far for the ground floor, lib/options,
 * the backend, the method's parts, the metrics' independence from the
 * backend, the engine, the experiment layer, retrieval and the web server.
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
  /** The lib/ entry it reaches: a folder (`util`) or a top-level module (`cli.js`). */
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

/** The layer an import reaches: a top-level module and a folder of the same name (lib/backend.ts, lib/backend/) are one. */
const layer = (i: Import): string => i.into.replace(/\.js$/, '');

test('lib/options, the ground floor, imports nothing from lib/ but lib/util', () => {
  assert.deepEqual(imports('options').filter((i) => !['options', 'util'].includes(i.into)).map(shown), []);
});

test('the layers below the engine take their option builders from lib/options, not from the engine', () => {
  for (const folder of ['data', 'model', 'losses', 'metrics']) {
    assert.deepEqual(imports(folder).filter((i) => i.into === 'engine').map(shown), [], `lib/${folder} imports the engine`);
  }
});

/** The imports of lib/<folder> that reach one of `forbidden`. */
const into = (folder: string, forbidden: readonly string[]): string[] => imports(folder).filter((i) => forbidden.includes(i.into)).map(shown);

test('the engine imports neither the experiment layer nor retrieval, the web server, the analyses or the commands above it', () => {
  assert.deepEqual(into('engine', ['experiment', 'retrieval', 'web', 'analysis', 'commands', 'cli.js']), []);
});

test('lib/experiment builds on the engine and the layers below it, the backend and the figures, and on nothing above', () => {
  const experiment = imports('experiment');
  assert.ok(experiment.some((i) => i.into === 'engine'), 'lib/experiment does not import lib/engine');
  const allowed = ['experiment', 'engine', 'data', 'model', 'losses', 'metrics', 'options', 'util', 'viz', 'backend'];
  assert.deepEqual(experiment.filter((i) => !allowed.includes(i.into)).map(shown), []);
});

test('lib/retrieval imports neither the web server nor the analyses or the commands', () => {
  assert.deepEqual(into('retrieval', ['web', 'analysis', 'commands', 'cli.js']), []);
});

test('lib/web serves lib/retrieval and imports nothing of the analyses or the commands', () => {
  const web = imports('web');
  assert.ok(web.some((i) => i.into === 'retrieval'), 'lib/web does not import lib/retrieval');
  assert.deepEqual(into('web', ['analysis', 'commands', 'cli.js']), []);
});

test('lib/backend imports nothing from lib/ but the ground floor', () => {
  assert.deepEqual(imports('backend').filter((i) => !['backend', 'options', 'util'].includes(layer(i))).map(shown), []);
});

test('lib/metrics never imports the backend: its callers hand it the dot-product engine', () => {
  assert.deepEqual(imports('metrics').filter((i) => layer(i) === 'backend').map(shown), []);
});

test('the analyses do not import the notebook set-up above them', () => {
  assert.deepEqual(imports('analysis').filter((i) => i.into === 'notebook').map(shown), []);
});
