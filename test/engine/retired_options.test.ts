/**
 * optimizer.switch_epoch is gone (the backbone is frozen by construction,
 * docs/method.md §7): an experiment's options.yaml from before still loads,
 * with a note on stderr, to the same options as without the key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCommandOptions, loadOptions } from '../../lib/engine/options_schema.js';

test('an options.yaml that still sets optimizer.switch_epoch loads, with a note; on the command line it is an error', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'retired-'));
  const old = join(dir, 'options.yaml');
  const abstract = readFileSync('options/abstract.yaml', 'utf8');
  assert.doesNotMatch(abstract, /^\s*switch_epoch:/m);
  writeFileSync(old, abstract.replace(/^optimizer:\n/m, 'optimizer:\n  switch_epoch: 20\n'));
  assert.match(readFileSync(old, 'utf8'), /switch_epoch: 20/);
  const warned: string[] = [];
  t.mock.method(console, 'warn', (line: string) => warned.push(line));
  const loaded = loadOptions(['-o', old]);
  assert.equal(warned.length, 1);
  assert.match(warned[0], /^note: option 'optimizer\.switch_epoch' \(from .*options\.yaml\) was removed and is ignored: the image backbone is frozen by construction/);
  assert.equal('switch_epoch' in loaded.options.optimizer, false);
  assert.deepEqual(loaded.options, loadOptions(['-o', 'options/abstract.yaml']).options);
  assert.throws(() => loadOptions(['-o', old, '--optimizer.switch_epoch', '5']), /'--optimizer\.switch_epoch' \(from command line\) was removed/);
  const printed: string[] = [];
  t.mock.method(console, 'log', (text: string) => printed.push(text));
  assert.equal(loadCommandOptions(['-o', 'options/abstract.yaml', '--help'], 'usage'), null);
  assert.doesNotMatch(printed.join('\n'), /--optimizer\.switch_epoch/);
  assert.match(printed.join('\n'), /removed options .*\n  optimizer\.switch_epoch: the image backbone is frozen by construction/);
});
