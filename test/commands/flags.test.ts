import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandFlags, takeFlags, type FlagSpecs } from '../../lib/commands/flags.js';

const SPEC = {
  out: { kind: 'string' },
  force: { kind: 'boolean' },
  dirs: { kind: 'list', short: 'd', needs: 'an experiment folder' },
} satisfies FlagSpecs;

function quietly<T>(f: () => T): { value: T; printed: string[] } {
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  try {
    return { value: f(), printed };
  } finally {
    console.log = log;
  }
}

test('command flags: typed values, absent ones at their kind\'s empty value, lists kept per use', () => {
  const values = commandFlags(['--out=x', '-d', 'a', 'b', '--dirs', 'c', '--force'], SPEC, 'usage');
  assert.deepEqual(values, { out: 'x', force: true, dirs: [['a', 'b'], ['c']], help: false });
  assert.deepEqual(commandFlags([], SPEC, 'usage'), { out: undefined, force: false, dirs: [], help: false });
  const { value, printed } = quietly(() => commandFlags(['-h'], SPEC, 'the usage'));
  assert.equal(value, null);
  assert.deepEqual(printed, ['the usage']);
});

test('command flags: every malformed command line is an error naming the word, followed by the usage', () => {
  const fails = (argv: string[], message: RegExp) => assert.throws(() => commandFlags(argv, SPEC, 'USAGE'), (e: Error) => message.test(e.message) && e.message.endsWith('\nUSAGE'));
  fails(['--bogus'], /^Unknown option '--bogus'/);
  fails(['-x'], /^Unknown option '-x'/);
  fails(['stray'], /^unexpected argument 'stray'/);
  fails(['--out'], /^--out needs a value/);
  fails(['--out', 'a', 'b'], /^unexpected argument 'b'/);
  fails(['--out', 'a', '--out', 'b'], /^--out is given twice/);
  fails(['--force=yes'], /^--force takes no value, got 'yes'/);
  fails(['--force', 'yes'], /^unexpected argument 'yes'/);
  fails(['-d'], /^-d needs an experiment folder/);
});

test('takeFlags leaves the other words, in order, for the option parser', () => {
  const { values, rest } = takeFlags(['-o', 'exp/options.yaml', '--out', 'x', '--exp.resume=best', '--force', '--dataset.eval_split', 'test'], SPEC);
  assert.deepEqual(values, { out: 'x', force: true, dirs: [] });
  assert.deepEqual(rest, ['-o', 'exp/options.yaml', '--exp.resume=best', '--dataset.eval_split', 'test']);
});
