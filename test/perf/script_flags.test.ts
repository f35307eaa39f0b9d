/**
 * The bench and the backend scripts read their flags with the commands'
 * parser (lib/commands/flags.ts): `--help` prints the usage and runs
 * nothing, an unknown flag is an error naming it, with the usage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const run = (script: string, ...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 60_000 });

for (const [script, usage] of [
  ['bench/bench.ts', /^usage: bench\.ts \[--quick\] \[--only CASES\]/],
  ['scripts/gpu_check.ts', /^usage: gpu_check\.ts \[--batch 100\]/],
  ['scripts/backend_step.ts', /^usage: backend_step\.ts --backend tensorflow\|wasm\|cpu --out DIR/],
] as const) {
  test(`${script}: --help prints the usage and runs nothing; an unknown flag is an error with the usage`, () => {
    const help = run(script, '--help');
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, usage);
    const bad = run(script, '--bogus', '1');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /Unknown option '--bogus'/);
    assert.match(bad.stderr, new RegExp(usage.source.slice(1)));
  });
}

test('bench/bench.ts: --recipes is checked as before', () => {
  const r = run('bench/bench.ts', '--recipes', '2x');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--recipes must be a positive integer in decimal digits, got '2x'/);
});
