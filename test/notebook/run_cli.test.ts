import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRecipe1m, runRecipe1mAsync, runRecipe1mOrThrow } from '../../lib/notebook/run_cli.js';

test('runRecipe1m runs the command line and reports its exit code and output', () => {
  const help = runRecipe1m(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: recipe1m <command>/);
  const bad = runRecipe1m(['no-such-command']);
  assert.equal(bad.code, 2);
  assert.throws(() => runRecipe1mOrThrow(['no-such-command']), /recipe1m no-such-command exited with 2:[\s\S]*unknown command 'no-such-command'/);
});

test('runRecipe1mAsync resolves with the output, and rejects with the command and its stderr on a non-zero exit', async () => {
  const [help, other] = await Promise.all([runRecipe1mAsync(['--help']), runRecipe1mAsync(['--help'])]);
  assert.equal(help.code, 0);
  assert.match(help.stdout + other.stdout, /usage: recipe1m <command>[\s\S]*usage: recipe1m <command>/);
  await assert.rejects(runRecipe1mAsync(['no-such-command']), /recipe1m no-such-command exited with 2:[\s\S]*unknown command 'no-such-command'/);
});
