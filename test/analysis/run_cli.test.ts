import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRecipe1m, runRecipe1mOrThrow } from '../../lib/analysis/run_cli.js';

test('runRecipe1m runs the command line and reports its exit code and output', () => {
  const help = runRecipe1m(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: recipe1m <command>/);
  const bad = runRecipe1m(['no-such-command']);
  assert.equal(bad.code, 2);
  assert.throws(() => runRecipe1mOrThrow(['no-such-command']), /recipe1m no-such-command exited with 2:[\s\S]*unknown command 'no-such-command'/);
});
