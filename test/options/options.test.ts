import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { optionsHash } from '../../lib/options/hash.js';
import { parseOptionArgs as parseArgs } from '../../lib/options/option_args.js';
import { helpText, resolveOptions, coerce } from '../../lib/options/resolve.js';
import { bool, int, num, str, strList, numList, type Section } from '../../lib/options/schema.js';

const schema = {
  exp: { dir: str('results/x', 'folder'), resume: str(null, 'resume', { nullable: true }) },
  dataset: { dir: str('data', 'data dir'), train_split: str('train', 'split', { nullable: true, choices: ['train', 'val', 'test'] }), batch_size: int(100, 'batch', { min: 1 }) },
  model: { network: { hidden: int(300, 'hidden', { min: 1, max: 4096 }), ks: numList([1, 5], 'ks') }, criterion: { name: str('adamine', 'loss', { choices: ['adamine', 'avg'] }), margin: num(0.3, 'margin') } },
  misc: { flag: bool(false, 'a flag'), tags: strList(['a'], 'tags') },
} satisfies Section;

function files(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opts-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'base.yaml'), 'exp:\n  dir: results/base\ndataset:\n  batch_size: 50\nmodel:\n  network:\n    hidden: 128\n    ks: [1, 5, 10]\n  criterion:\n    name: avg\n');
  writeFileSync(join(dir, 'sub', 'mid.yaml'), '__include__: ../base.yaml\nmodel:\n  network:\n    ks: [2]\n');
  writeFileSync(join(dir, 'sub', 'child.yaml'), '__include__: [mid.yaml]\nexp:\n  dir: results/child\nmodel:\n  criterion:\n    margin: 0.2\n');
  return dir;
}

test('include chain: children override, maps merge, lists replace, defaults fill the rest', () => {
  const dir = files();
  const r = resolveOptions(schema, join(dir, 'sub', 'child.yaml'));
  const v = r.values;
  assert.equal(v.exp.dir, 'results/child');
  assert.equal(v.dataset.batch_size, 50);
  assert.equal(v.dataset.dir, 'data');
  assert.equal(v.model.network.hidden, 128);
  assert.deepEqual(v.model.network.ks, [2]);
  assert.equal(v.model.criterion.name, 'avg');
  assert.equal(v.model.criterion.margin, 0.2);
  assert.equal(r.sources.get('model.network.hidden'), join(dir, 'base.yaml'));
  assert.equal(r.sources.get('model.network.ks'), join(dir, 'sub', 'mid.yaml'));
  assert.equal(r.sources.get('dataset.dir'), 'default');
});

test('command-line overrides: numbers, booleans, lists (flow and comma), empty value means none', () => {
  const dir = files();
  const args = parseArgs(['-o', join(dir, 'sub', 'child.yaml'), '--model.network.hidden', '64', '--misc.flag', 'true', '--model.network.ks', '[3, 4]', '--misc.tags', 'x,y', '--dataset.train_split', '--exp.resume', 'last']);
  const r = resolveOptions(schema, args.optionsFile, args.overrides);
  const v = r.values;
  assert.equal(v.model.network.hidden, 64);
  assert.equal(v.misc.flag, true);
  assert.deepEqual(v.model.network.ks, [3, 4]);
  assert.deepEqual(v.misc.tags, ['x', 'y']);
  assert.equal(v.dataset.train_split, null);
  assert.equal(v.exp.resume, 'last');
  assert.equal(r.sources.get('model.network.hidden'), 'command line');
  const trailing = parseArgs(['--dataset.train_split']);
  assert.deepEqual(trailing.overrides, [{ key: 'dataset.train_split', raw: null }]);
});

test('errors name the key, where it came from, and what is allowed', () => {
  const dir = files();
  writeFileSync(join(dir, 'bad.yaml'), '__include__: base.yaml\nmodel:\n  netwrk:\n    hidden: 3\n  criterion:\n    name: vse\ndataset:\n  batch_size: ten\n');
  const file = join(dir, 'bad.yaml');
  assert.throws(() => resolveOptions(schema, file), (e: Error) => {
    assert.match(e.message, /unknown option 'model\.netwrk'.*bad\.yaml.*network, criterion/);
    assert.match(e.message, /'model\.criterion\.name' = "vse".*bad\.yaml.*one of: adamine, avg/);
    assert.match(e.message, /'dataset\.batch_size' = "ten".*bad\.yaml.*integer >= 1/);
    return true;
  });
  assert.throws(() => resolveOptions(schema, null, [{ key: 'model.network.hiden', raw: '3' }]), /unknown option '--model\.network\.hiden' \(from command line\).*hidden, ks/);
  assert.throws(() => resolveOptions(schema, null, [{ key: 'model.network.hidden', raw: '5000' }]), /'model\.network\.hidden' = 5000 \(from command line\) is above the maximum 4096/);
  assert.throws(() => resolveOptions(schema, null, [{ key: 'model.network.hidden', raw: '2.5' }]), /must be an integer/);
  assert.throws(() => resolveOptions(schema, null, [{ key: 'misc.flag', raw: 'maybe' }]), /'misc\.flag' = "maybe".*true or false/);
  assert.throws(() => resolveOptions(schema, null, [{ key: 'dataset.batch_size', raw: null }]), /'dataset\.batch_size' = null.*cannot be empty/);
  assert.throws(() => resolveOptions(schema, null, [{ key: 'model', raw: 'x' }]), /group of options/);
  assert.throws(() => resolveOptions(schema, join(dir, 'missing.yaml')), /option file not found/);
});

test('include cycles are reported', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opts-'));
  writeFileSync(join(dir, 'a.yaml'), '__include__: b.yaml\n');
  writeFileSync(join(dir, 'b.yaml'), '__include__: a.yaml\n');
  assert.throws(() => resolveOptions(schema, join(dir, 'a.yaml')), /cycle/);
});

test('help lists every option with value, doc and source; hash ignores how the run started', () => {
  const r = resolveOptions(schema, null, [{ key: 'dataset.batch_size', raw: '7' }]);
  const help = helpText(r);
  assert.match(help, /--dataset\.batch_size\s+7\s+batch.*\(command line\)/);
  assert.match(help, /--model\.criterion\.name\s+"adamine".*one of: adamine, avg/);
  assert.equal(help.split('\n').length, 11);
  const resumed = resolveOptions(schema, null, [{ key: 'dataset.batch_size', raw: '7' }, { key: 'exp.resume', raw: 'last' }]);
  assert.equal(optionsHash(r.values), optionsHash(resumed.values));
  assert.notEqual(optionsHash(r.values), optionsHash(resolveOptions(schema, null).values));
  assert.deepEqual(coerce(numList([], ''), '1,2'), [1, 2]);
});

test('non-finite numbers are refused naming the option and showing the value given (not null)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opts-inf-'));
  writeFileSync(join(dir, 'inf.yaml'), 'model:\n  criterion:\n    margin: .inf\n');
  const problems = (file: string | null, raw: [string, string][]): string[] => {
    try {
      resolveOptions(schema, file, raw.map(([key, value]) => ({ key, raw: value })));
    } catch (err) {
      return (err as { problems: string[] }).problems;
    }
    return [];
  };
  assert.deepEqual(problems(null, [['model.criterion.margin', 'Infinity']]), [
    "option 'model.criterion.margin' = Infinity (from command line) must be a finite number; allowed: a number",
  ]);
  assert.match(problems(null, [['model.criterion.margin', '-Infinity']])[0], /'model\.criterion\.margin' = -Infinity .*must be a finite number/);
  assert.match(problems(null, [['model.network.ks', '[1, Infinity]']])[0], /'model\.network\.ks' = \[1, Infinity\] .*must be a list of numbers/);
  assert.match(problems(join(dir, 'inf.yaml'), [])[0], /'model\.criterion\.margin' = Infinity \(from .*inf\.yaml\) must be a finite number/);
});

test('a retired option: an option file that sets it loads with a note and without the value; the command line may not set it', () => {
  const dir = files();
  const file = join(dir, 'old.yaml');
  writeFileSync(file, '__include__: base.yaml\nmodel:\n  network:\n    hidden: 64\n    width: 9\n');
  const retired = { 'model.network.width': 'the width is the hidden size now' };
  assert.throws(() => resolveOptions(schema, file), /unknown option 'model\.network\.width'/);
  const r = resolveOptions(schema, file, [], retired);
  assert.equal(r.values.model.network.hidden, 64);
  assert.equal('width' in r.values.model.network, false);
  assert.deepEqual(r.notes, [`option 'model.network.width' (from ${file}) was removed and is ignored: the width is the hidden size now`]);
  assert.equal(r.sources.has('model.network.width'), false);
  assert.doesNotMatch(helpText(r), /width/);
  assert.throws(() => resolveOptions(schema, null, [{ key: 'model.network.width', raw: '9' }], retired), /option '--model\.network\.width' \(from command line\) was removed: the width is the hidden size now/);
});
