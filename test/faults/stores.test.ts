import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RecipeStore } from '../../lib/data/store.js';
import { SPLITS } from '../../lib/data/types.js';
import { preparedTinyStore } from '../data/fixtures.js';

/**
 * Damaged prepared stores are refused with a message naming the file and the
 * remedy, never a signal. Opening a truncated LMDB file maps pages past its
 * end, which kills the process with SIGBUS, so those cases run the opener in
 * a child process: the test survives whatever the child does.
 */
const repo = fileURLToPath(new URL('../..', import.meta.url));
let work: string;
let pristine: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'r1m-faults-stores-'));
  pristine = await preparedTinyStore();
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

let copies = 0;
function copyStore(): string {
  const dir = join(work, `prepared-${copies++}`);
  cpSync(pristine, dir, { recursive: true });
  return dir;
}

/** Opens every split of `dir` and reads every recipe and feature in a child process: its exit status, signal and stderr. */
function readAllInChild(dir: string): { status: number | null; signal: NodeJS.Signals | null; stderr: string } {
  const script = `
    const { RecipeStore } = await import(${JSON.stringify(join(repo, 'lib/data/store.ts'))});
    try {
      for (const split of ['train', 'val', 'test']) {
        const s = RecipeStore.open(${JSON.stringify(dir)}, split);
        for (let i = 0; i < s.size; i++) for (const id of s.recipe(i).imageIds) s.features(id);
        s.close();
      }
    } catch (err) {
      process.stderr.write(err.message + '\\n');
      process.exit(1);
    }`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

test('a truncated data.mdb is refused with the file and the remedy, not a SIGBUS', () => {
  const dir = copyStore();
  const file = join(dir, 'train.lmdb', 'data.mdb');
  truncateSync(file, Math.floor(statSync(file).size / 2));
  const r = readAllInChild(dir);
  assert.equal(r.signal, null, `the reader died of ${r.signal}`);
  assert.equal(r.status, 1, r.stderr);
  assert.ok(r.stderr.includes(file), r.stderr);
  assert.match(r.stderr, /truncated/);
  assert.match(r.stderr, /re-run `recipe1m prepare/);
});

test('a data.mdb shorter than its LMDB header, or not LMDB at all, is refused', () => {
  for (const [name, damage] of [
    ['header only', (f: string) => truncateSync(f, 100)],
    ['not LMDB', (f: string) => writeFileSync(f, Buffer.alloc(statSync(f).size, 7))],
  ] as const) {
    const dir = copyStore();
    const file = join(dir, 'val.lmdb', 'data.mdb');
    damage(file);
    const r = readAllInChild(dir);
    assert.equal(r.signal, null, `${name}: the reader died of ${r.signal}`);
    assert.equal(r.status, 1, `${name}: ${r.stderr}`);
    assert.ok(r.stderr.includes(file) && /re-run `recipe1m prepare/.test(r.stderr), `${name}: ${r.stderr}`);
  }
});

test('a store file of another size than prepare wrote (swapped in from another store) is refused', () => {
  const dir = copyStore();
  const val = join(dir, 'val.lmdb', 'data.mdb'), testFile = join(dir, 'test.lmdb', 'data.mdb');
  assert.notEqual(statSync(val).size, statSync(testFile).size, 'the fixture\'s val and test stores differ in size');
  copyFileSync(testFile, val);
  assert.throws(() => RecipeStore.open(dir, 'val'), (e: Error) => e.message.includes(val) && /manifest says prepare wrote/.test(e.message) && /re-run/.test(e.message));
});

test('a corrupt manifest.json is an error naming the file and the remedy', () => {
  const dir = copyStore();
  const file = join(dir, 'manifest.json');
  const text = readFileSync(file, 'utf8');
  for (const [name, bad] of [
    ['control character', text.replace('"splits"', '"spl\u0001its"')],
    ['cut short', text.slice(0, text.length >> 1)],
    ['not an object', '[1, 2, 3]'],
    ['fields missing', JSON.stringify({ schemaVersion: JSON.parse(text).schemaVersion })],
  ] as const) {
    writeFileSync(file, bad);
    assert.throws(() => RecipeStore.open(dir, 'train'), (e: Error) => e.message.includes(file) && /re-run `recipe1m prepare/.test(e.message), name);
  }
});

test('a missing store file and a manifest of another schema version name the path and the remedy', () => {
  const dir = copyStore();
  rmSync(join(dir, 'test.lmdb', 'data.mdb'));
  assert.throws(() => RecipeStore.open(dir, 'test'), (e: Error) => e.message.includes(join(dir, 'test.lmdb')) && /re-run `recipe1m prepare/.test(e.message));
  const file = join(dir, 'manifest.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), schemaVersion: 1 }));
  for (const split of SPLITS) {
    assert.throws(() => RecipeStore.open(dir, split), (e: Error) => e.message.includes(file) && /schema version 1/.test(e.message) && /re-run `recipe1m prepare/.test(e.message));
  }
});

test('the undamaged store still opens and reads in a child process', () => {
  const r = readAllInChild(copyStore());
  assert.equal(r.status, 0, r.stderr);
});
