import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCookbook } from '../../lib/data/generator/generate.js';

/**
 * `prepare --out` into a place that cannot be written fails at once, naming
 * the path, before any input is read. Each run is a child process with a
 * time limit, so a prepare that hangs (recursive mkdir on procfs spun
 * forever) fails the test instead of hanging it.
 */
const repo = fileURLToPath(new URL('../..', import.meta.url));
const LIMIT_MS = 60_000;
let work: string;
let raw: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'r1m-faults-out-'));
  raw = join(work, 'raw');
  await generateCookbook({ out: raw, recipes: 20, seed: 41 });
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

function prepare(recipe1m: string, out: string): { status: number | null; signal: NodeJS.Signals | null; stderr: string } {
  const r = spawnSync(process.execPath, [join(repo, 'bin/recipe1m.js'), 'prepare', '--recipe1m', recipe1m, '--out', out, '--min-count', '1'], {
    cwd: repo, encoding: 'utf8', timeout: LIMIT_MS, killSignal: 'SIGKILL',
  });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

test('prepare --out /proc/x: a clear error naming the path, not a spin', { skip: existsSync('/proc/self') ? false : 'no procfs here' }, () => {
  const r = prepare(raw, '/proc/x');
  assert.equal(r.signal, null, `prepare did not finish within ${LIMIT_MS / 1000} s (killed: ${r.signal})`);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /cannot write the output folder \/proc\/x/);
});

test('prepare --out under a file: the error names the path before any input is read', () => {
  const file = join(work, 'a-file');
  writeFileSync(file, 'not a folder');
  // A layer1.json that cannot be read: an error about it would mean the input was read first.
  const broken = join(work, 'broken');
  cpSync(raw, broken, { recursive: true });
  writeFileSync(join(broken, 'layer1.json'), '[{"id": ');
  const out = join(file, 'prepared');
  const r = prepare(broken, out);
  assert.equal(r.signal, null, `prepare did not finish within ${LIMIT_MS / 1000} s`);
  assert.equal(r.status, 1, r.stderr);
  assert.ok(r.stderr.includes(`cannot write the output folder ${out}`) && r.stderr.includes(`${file} is a file`), r.stderr);
  assert.ok(!r.stderr.includes('layer1.json'), `the input was read before the output was checked: ${r.stderr}`);
});

test('prepare into a writable new folder still works from the command line', () => {
  const out = join(work, 'nested', 'deeper', 'prepared');
  const r = prepare(raw, out);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(out, 'manifest.json')));
});
