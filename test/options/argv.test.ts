import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../lib/options/argv.js';
import { parseOptionArgs } from '../../lib/options/option_args.js';

test('tokens: each flag with the value words after it; one-letter and long flags; --name=value; negative numbers are values', () => {
  const { positionals, flags } = tokenize(['stray', '-o', 'a.yaml', '--optimizer.lr', '-1e-3', '--exp.resume=last', '--flag', '-d', 'x', 'y', '--empty=', '--neg', '-inf']);
  assert.deepEqual(positionals, ['stray']);
  assert.deepEqual(
    flags.map((f) => [f.flag, f.name, f.values, f.inline]),
    [
      ['-o', 'o', ['a.yaml'], false],
      ['--optimizer.lr', 'optimizer.lr', ['-1e-3'], false],
      ['--exp.resume', 'exp.resume', ['last'], true],
      ['--flag', 'flag', [], false],
      ['-d', 'd', ['x', 'y'], false],
      ['--empty', 'empty', [''], true],
      ['--neg', 'neg', ['-inf'], false],
    ],
  );
  assert.deepEqual(flags.flatMap((f) => f.words), ['-o', 'a.yaml', '--optimizer.lr', '-1e-3', '--exp.resume=last', '--flag', '-d', 'x', 'y', '--empty=', '--neg', '-inf']);
});

test('option arguments: -o/--options FILE, --help, overrides; an empty or missing value is none', () => {
  assert.deepEqual(parseOptionArgs(['--options=a.yaml', '--a.b', '--c', '', '--d=', '-h']), {
    optionsFile: 'a.yaml',
    help: true,
    overrides: [{ key: 'a.b', raw: null }, { key: 'c', raw: '' }, { key: 'd', raw: null }],
  });
  assert.throws(() => parseOptionArgs(['-o']), /^Error: -o needs an option file path$/);
  assert.throws(() => parseOptionArgs(['-o', '--a.b', 'x']), /-o needs an option file path/);
  assert.throws(() => parseOptionArgs(['-o', 'a.yaml', 'b.yaml']), /unexpected argument 'b\.yaml': options are given as --key value/);
  assert.throws(() => parseOptionArgs(['stray', '-o', 'a.yaml']), /unexpected argument 'stray'/);
  assert.throws(() => parseOptionArgs(['--a.b', '1', '2']), /unexpected argument '2'/);
  assert.throws(() => parseOptionArgs(['-x']), /unexpected argument '-x'/);
});
