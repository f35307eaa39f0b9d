import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
const runtime = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]);

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || (name === 'lib' && dir.endsWith('notebooks'))) return [];
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(name) ? [p] : [];
  });
}

/** 'a/b' → 'a', '@s/a/b' → '@s/a'. */
const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

test('every package that lib/, bin/ and scripts/ import is a runtime (or optional) dependency, not a dev one', () => {
  const missing: string[] = [];
  for (const file of ['lib', 'bin', 'scripts'].flatMap((d) => files(join(ROOT, d), /\.(ts|js)$/))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)'([^'.][^']*)'/g)) {
      const name = packageOf(m[1]);
      if (name.startsWith('node:') || builtinModules.includes(name) || runtime.has(name)) continue;
      missing.push(`${file.slice(ROOT.length + 1)}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('the notebooks\' kernel (tslab) is installed by `npm ci --omit=dev`', () => {
  const kernels = new Set(files(join(ROOT, 'notebooks'), /\.ipynb$/).map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { metadata: { kernelspec: { name: string } } }).metadata.kernelspec.name));
  assert.deepEqual([...kernels], ['tslab']);
  assert.ok(pkg.dependencies?.tslab, `tslab is not in dependencies (devDependencies: ${JSON.stringify(pkg.devDependencies ?? {})})`);
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean; version?: string; dependencies?: Record<string, string> }> };
  assert.equal(lock.packages[''].dependencies?.tslab, pkg.dependencies?.tslab, 'package-lock.json lists tslab among the root dependencies');
  assert.equal(lock.packages['node_modules/tslab'].dev, undefined, 'package-lock.json still marks tslab as dev: npm ci --omit=dev would skip it');
});
