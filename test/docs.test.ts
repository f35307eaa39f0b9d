import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['lib', 'test', 'bench', 'bin', 'scripts', 'options', 'notebooks', 'docs', 'native', 'README.md', 'data/README.md', 'results/README.md', 'environment.yml'];

function files(p: string): string[] {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p).flatMap((name) => (name === 'node_modules' || name === 'build' || (name === 'lib' && p.endsWith('notebooks')) ? [] : files(join(p, name))));
}

const texts = SOURCES.flatMap((s) => files(join(ROOT, s))).filter((f) => /\.(ts|js|md|yaml|yml|ipynb|sh|c)$/.test(f)).map((f) => ({ file: f.slice(ROOT.length + 1), text: readFileSync(f, 'utf8') }));

/** The section ids a docs/ file declares with <a id="sN.M"></a>. */
function anchors(doc: string): Set<string> {
  return new Set([...readFileSync(join(ROOT, 'docs', doc), 'utf8').matchAll(/<a id="s([0-9.]+)"><\/a>/g)].map((m) => m[1]));
}

test('every "docs/<file>.md §N" citation names a section that the file declares', () => {
  const declared = new Map(['method.md', 'stack.md', 'backbones.md'].map((d) => [d, anchors(d)]));
  const broken: string[] = [];
  let count = 0;
  for (const { file, text } of texts) {
    // "docs/method.md §3, §7" and "[docs/method.md](docs/method.md) §9" both cite.
    for (const m of text.matchAll(/docs\/(method|stack|backbones)\.md(?:\]\([^)]*\))?`?((?:,? (?:and )?§[0-9.]*[0-9])+)/g)) {
      const doc = `${m[1]}.md`;
      for (const s of m[2].matchAll(/§([0-9.]*[0-9])/g)) {
        count++;
        if (!declared.get(doc)!.has(s[1])) broken.push(`${file}: docs/${doc} §${s[1]}`);
      }
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(count >= 40, `only ${count} citations found: the pattern no longer matches how the code cites`);
});

test('nothing cites files users of the repository do not have (SPEC, STACK-NOTES)', () => {
  const cites = texts.filter(({ file }) => file !== 'test/docs.test.ts').flatMap(({ file, text }) =>
    text.split('\n').flatMap((line, i) => (/SPEC §|\(SPEC:|SPEC\.md|STACK-NOTES/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
  assert.deepEqual(cites, []);
});
