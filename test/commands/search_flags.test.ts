import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePort, parseSplit, parseUploadMb } from '../../lib/commands/flag_values.js';
import { flagHelp, takeFlags, type FlagSpecs } from '../../lib/commands/flags.js';

const SPEC = {
  image: { kind: 'string', doc: 'a photo' },
  top: { kind: 'string', doc: 'results' },
  json: { kind: 'boolean', doc: 'JSON' },
} satisfies FlagSpecs;

test('own flags are taken out, the experiment options stay in order', () => {
  const { values, rest } = takeFlags(['-o', 'exp/options.yaml', '--image', 'a b.jpg', '--exp.resume', 'best_R1', '--json', '--top=5'], SPEC);
  assert.deepEqual(values, { image: 'a b.jpg', json: true, top: '5' });
  assert.deepEqual(rest, ['-o', 'exp/options.yaml', '--exp.resume', 'best_R1']);
});

test('missing values, repeated flags and valued booleans are refused by name', () => {
  assert.throws(() => takeFlags(['--image'], SPEC), /--image needs a value/);
  assert.throws(() => takeFlags(['--image', '--json'], SPEC), /--image needs a value/);
  assert.throws(() => takeFlags(['--top', '1', '--top', '2'], SPEC), /--top is given twice/);
  assert.throws(() => takeFlags(['--json=yes'], SPEC), /--json takes no value, got 'yes'/);
});

test('serve: --port and --max-upload-mb are decimal numbers in range, nothing Number() would also read', () => {
  assert.equal(parsePort(undefined), 8080);
  assert.equal(parsePort('0'), 0);
  assert.equal(parsePort('8081'), 8081);
  for (const bad of ['0x1F90', '1e3', ' 80', '-1', '65536', '80.0', '']) assert.throws(() => parsePort(bad), new RegExp(`--port must be an integer from 0 to 65535 in decimal digits, got '${bad}'`), bad);
  assert.equal(parseUploadMb(undefined), 10);
  assert.equal(parseUploadMb('2.5'), 2.5);
  for (const bad of ['0x10', '1e2', '0', '1001', 'Infinity', ' 5', '']) assert.throws(() => parseUploadMb(bad), /--max-upload-mb must be a decimal number above 0 and at most 1000/, bad);
});

test('a search command line holds exactly one query, --remove only where it applies', async () => {
  const { parseSearchQuery, readQueryImage } = await import('../../lib/commands/search_query.js');
  const q = (o: Record<string, string>) => parseSearchQuery(o);
  assert.deepEqual(q({ ingredients: 'Olive Oil, garlic', remove: 'garlic', top: '3' }), {
    kind: 'ingredients',
    names: ['olive_oil', 'garlic'],
    remove: ['garlic'],
    top: 3,
  });
  assert.deepEqual(q({ 'recipe-id': ' abc ' }), { kind: 'recipe', id: 'abc', remove: [], top: 10 });
  assert.throws(() => q({}), /give exactly one query.*none was given/);
  assert.throws(() => q({ image: 'a.jpg', 'recipe-id': 'x' }), /got --image and --recipe-id/);
  assert.throws(() => q({ image: 'a.jpg', remove: 'x' }), /--remove applies to --recipe-id or --ingredients/);
  assert.throws(() => q({ image: 'a.jpg', top: '0' }), /--top must be an integer from 1 to 100 in decimal digits, got '0'/);
  await assert.rejects(readQueryImage('/nonexistent/photo.jpg'), /--image \/nonexistent\/photo.jpg: no such file/);
  await assert.rejects(readQueryImage('/tmp'), /is a folder/);
});

test('--split is a split name or all, with the command\'s default when absent', () => {
  assert.equal(parseSplit(undefined), 'test');
  assert.equal(parseSplit(undefined, 'all'), 'all');
  assert.equal(parseSplit('val'), 'val');
  assert.equal(parseSplit('all'), 'all');
  assert.throws(() => parseSplit('dev'), /--split must be all or one of train, val, test, got 'dev'/);
});

test('the usage lists each flag with its doc, value flags with VALUE, aligned', () => {
  assert.equal(flagHelp(SPEC), ['  --image VALUE  a photo', '  --top VALUE    results', '  --json         JSON'].join('\n'));
});
