import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import {
  INJECTED_TAG, coerceParameter, injectParameters, parameterCell, parseAssignments, type NotebookFile,
} from '../../lib/notebook/notebook_parameters.js';
import { writeNotebookCopies } from '../../lib/notebook/notebook_copies.js';

const PARAMETERS = [
  'let scale = "demo"; // smoke | demo | full\n',
  '// a comment line\n',
  'let seed = 1338;\n',
  'let configs: string[] = []; // names\n',
  'let retrain = false;',
];

function notebook(): NotebookFile {
  return {
    cells: [
      { cell_type: 'markdown', id: 'm0', metadata: {}, source: ['# title'] },
      { cell_type: 'code', id: 'p0', metadata: { tags: ['parameters'] }, source: PARAMETERS, outputs: [], execution_count: null },
      { cell_type: 'code', id: 'c0', metadata: {}, source: 'console.log(scale);', outputs: [{ output_type: 'stream' }], execution_count: 4 },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
}

test('parameterCell reads one let per line with a JSON default', () => {
  const { index, parameters } = parameterCell(notebook(), 'nb');
  assert.equal(index, 1);
  assert.deepEqual(parameters, [
    { name: 'scale', value: 'demo' },
    { name: 'seed', value: 1338 },
    { name: 'configs', value: [] },
    { name: 'retrain', value: false },
  ]);
});

test('parameterCell refuses a notebook without exactly one tagged cell, and lines it cannot read', () => {
  const none = notebook();
  none.cells[1].metadata = {};
  assert.throws(() => parameterCell(none, 'nb.ipynb'), /nb.ipynb: needs exactly one code cell tagged 'parameters', found 0/);
  const bad = notebook();
  bad.cells[1].source = ["let scale = 'demo';"];
  assert.throws(() => parameterCell(bad, 'nb'), /parameters cell line 1 \('let scale = 'demo';'\) is not 'let <name> = <JSON/);
  const twice = notebook();
  twice.cells[1].source = ['let a = 1;\n', 'let a = 2;'];
  assert.throws(() => parameterCell(twice, 'nb'), /parameter 'a' is declared twice/);
});

test('coerceParameter reads a command-line value as the default type', () => {
  assert.equal(coerceParameter({ name: 's', value: 'x' }, '12', 'nb'), '12');
  assert.equal(coerceParameter({ name: 'n', value: 1 }, '12', 'nb'), 12);
  assert.throws(() => coerceParameter({ name: 'n', value: 1 }, 'ten', 'nb'), /nb: parameter n=ten: not a number/);
  assert.throws(() => coerceParameter({ name: 'n', value: 1 }, '', 'nb'), /not a number/);
  assert.equal(coerceParameter({ name: 'b', value: false }, 'true', 'nb'), true);
  assert.throws(() => coerceParameter({ name: 'b', value: false }, 'yes', 'nb'), /must be true or false/);
  assert.deepEqual(coerceParameter({ name: 'l', value: [] }, 'avg, max', 'nb'), ['avg', 'max']);
  assert.deepEqual(coerceParameter({ name: 'l', value: ['a'] }, '', 'nb'), []);
});

test('parseAssignments splits at the first =', () => {
  assert.deepEqual([...parseAssignments(['a=1', 'b=', 'c=x=y'])], [['a', '1'], ['b', ''], ['c', 'x=y']]);
  assert.throws(() => parseAssignments(['novalue']), /'novalue' is not name=value/);
});

test('injectParameters adds one tagged cell after the parameters cell and clears every output', () => {
  const first = injectParameters(notebook(), new Map([['scale', 'smoke'], ['configs', 'avg,max'], ['other', '1']]), 'nb');
  assert.deepEqual(first.undeclared, ['other']);
  assert.deepEqual(first.injected, { scale: 'smoke', configs: ['avg', 'max'] });
  const cells = first.notebook.cells;
  assert.equal(cells.length, 4);
  assert.deepEqual(cells[2].metadata?.tags, [INJECTED_TAG]);
  assert.equal(cells[2].id, INJECTED_TAG);
  const source = (cells[2].source as string[]).join('');
  assert.match(source, /^\/\/ Parameters set by this run/);
  assert.match(source, /\nscale = "smoke";\nconfigs = \["avg","max"\];\nconst injectedParameters = \["scale","configs"\];$/);
  assert.deepEqual(cells[3].outputs, []);
  assert.equal(cells[3].execution_count, null);
  // Injecting again replaces the injected cell; the parameters cell is never edited.
  const second = injectParameters(first.notebook, new Map([['seed', '7']]), 'nb');
  assert.equal(second.notebook.cells.length, 4);
  assert.match((second.notebook.cells[2].source as string[]).join(''), /\nseed = 7;\n/);
  assert.deepEqual(second.notebook.cells[1].source, PARAMETERS);
  // Nothing to set: no injected cell at all.
  assert.equal(injectParameters(first.notebook, new Map(), 'nb').notebook.cells.length, 3);
});

test('writeNotebookCopies writes inside the repository, links lib, and never over the notebooks it copies', () => {
  const root = process.cwd();
  const work = mkdtempSync(join(root, 'results', '.test-copies-'));
  try {
    const source = join(work, 'src', '01-x.ipynb');
    mkdirSync(join(work, 'src'));
    writeFileSync(source, JSON.stringify(notebook()));
    const out = join(work, 'executed');
    const [copy] = writeNotebookCopies([source], out, new Map([['scale', 'smoke']]), root);
    assert.equal(copy.copy, join(out, '01-x.ipynb'));
    assert.deepEqual(copy.injected, { scale: 'smoke' });
    const written = JSON.parse(readFileSync(copy.copy, 'utf8')) as NotebookFile;
    assert.deepEqual(written.cells[2].metadata?.tags, [INJECTED_TAG]);
    assert.equal(realpathSync(join(out, 'lib')), realpathSync(resolve(root, 'lib')));
    assert.ok(!readlinkSync(join(out, 'lib')).startsWith('/'), 'the lib link is relative');
    // Again into the same folder: the link is kept.
    writeNotebookCopies([source], out, new Map(), root);
    assert.throws(() => writeNotebookCopies([source], join(work, 'src'), new Map(), root), /holds 01-x.ipynb itself/);
    assert.throws(() => writeNotebookCopies([source], join(tmpdir(), 'elsewhere'), new Map(), root), /is outside the repository/);
    assert.throws(() => writeNotebookCopies([source], out, new Map([['sede', '1']]), root), /no notebook among 01-x.ipynb has the parameter\(s\) sede; they have: scale, seed, configs, retrain/);
    assert.ok(!existsSync(join(tmpdir(), 'elsewhere')));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
