/**
 * The research notebooks as scripts/run-notebooks.sh runs them: all four at
 * smoke scale, in order (03 and 04 reuse the experiments 02 trained), on a
 * small messy store in the Recipe1M layout (no det_ingrs.json, few classes,
 * 25 validation and 20 test pairs, recipes without photos), into copies
 * outside notebooks/. A notebook fails the test when a cell errors or a
 * figure it should have written is missing. Then a failing cell: its error
 * reaches the console and the saved notebook, and the run exits non-zero.
 *
 * Needs jupyter (nbconvert, notebook) and Chromium: bash scripts/setup.sh.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INJECTED_TAG } from '../../lib/notebook/notebook_parameters.js';
import { preparedMessyCollection } from '../fixtures/messy_collection.js';
import { jupyterEnv } from '../fixtures/jupyter_env.js';

interface NotebookCase {
  name: string;
  /** Files (relative to <results>/<name>/) the notebook must write. */
  figures: string[];
}

const both = (names: string[]): string[] => names.flatMap((f) => [`${f}.html`, `${f}.svg`, `${f}.png`]);

const NOTEBOOKS: NotebookCase[] = [
  {
    name: '01-data-exploration',
    figures: [
      ...both(['split-counts', 'class-distribution', 'ingredient-lengths', 'instruction-lengths', 'top-ingredients', 'vocabulary-coverage']),
      'recipe-samples.png',
    ],
  },
  {
    name: '02-loss-comparison',
    figures: [
      ...both(['test-recall-at-1', 'val-recall-curves', 'pwc-margin-share']),
      'table.md',
      'paired-tests.md',
      'adamine/seed-1338/logs.json',
      'adamine/seed-1339/logs_test.json',
      'adamine/seed-1338/trained_on.json',
      'pairwise/seed-1338/view.html',
      'pairwise_plus-margin-0.7/seed-1338/logs.json',
    ],
  },
  {
    name: '03-adamine-analysis',
    figures: [
      ...both(['active-IRR', 'active-RII', 'active-SIRR', 'active-SRII', 'grad-norm', 'update-ratio', 'val-recall', 'semantic-weight', 'strategy-losses']),
      'avg-sgd/seed-1339/logs.json',
    ],
  },
  {
    name: '04-retrieval-visualization',
    figures: [...['recipe-to-images', 'image-to-recipes', 'ingredients-to-images', 'ingredient-removal'].map((f) => `${f}.png`), ...both(['embedding-map'])],
  },
];

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[] };
  outputs?: Output[];
  execution_count?: number | null;
}

const join1 = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join('') : (s ?? ''));
const readNotebook = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { cells: Cell[] };
const streamText = (cells: Cell[], name: 'stdout' | 'stderr') =>
  cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === 'stream' && o.name === name).map((o) => join1(o.text)).join('');

/** Cells that errored (an error output), or that printed a TypeScript diagnostic, with the head of their source. */
function cellErrors(cells: Cell[]): string[] {
  return cells.flatMap((cell, i) => {
    const outputs = cell.outputs ?? [];
    const failed = outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`);
    const compile = outputs.filter((o) => o.output_type === 'stream' && /^\d+:\d+ - /m.test(join1(o.text))).map((o) => join1(o.text));
    if (failed.length === 0 && compile.length === 0) return [];
    return [`cell ${i} [${join1(cell.source).split('\n').slice(0, 3).join(' | ')}]: ${[...failed, ...compile].join('; ')}`];
  });
}

const root = process.cwd();
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
let scratch: string;
let work: string;
let env: NodeJS.ProcessEnv;
let prepared: string;

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'notebooks-'));
  // Executed copies live inside the repository (tslab resolves their imports from their folder).
  work = mkdtempSync(join(root, 'results', '.test-notebooks-'));
  env = jupyterEnv(join(scratch, 'jupyter'));
  prepared = (await preparedMessyCollection(join(scratch, 'store'))).prepared;
});
after(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

function runNotebooks(args: string[]) {
  return spawnSync('bash', ['scripts/run-notebooks.sh', ...args], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
}

test('nbconvert, the Notebook front end and the tslab kernel are installed', () => {
  for (const sub of ['nbconvert', 'notebook']) {
    const run = spawnSync('jupyter', [sub, '--version'], { encoding: 'utf8', env });
    assert.equal(run.status, 0, `jupyter ${sub} is missing: bash scripts/setup.sh (Debian: jupyter-${sub === 'notebook' ? 'notebook' : 'nbconvert'})`);
  }
  const spec = JSON.parse(readFileSync(join(env.JUPYTER_DATA_DIR as string, 'kernels', 'tslab', 'kernel.json'), 'utf8')) as { argv: string[]; display_name: string };
  assert.equal(spec.display_name, 'TypeScript');
  assert.match(spec.argv.join(' '), /scripts', 'tslab-kernel\.cjs'/);
  assert.ok(existsSync(join(root, 'notebooks', 'lib', 'analysis')), 'notebooks/lib must link to ../lib: run scripts/install-kernel.sh');
});

test('all four notebooks run at smoke scale on a messy store, without touching notebooks/', () => {
  const committed = NOTEBOOKS.map((nb) => digest(join(root, 'notebooks', `${nb.name}.ipynb`)));
  const out = join(work, 'executed');
  const results = join(work, 'results');
  const run = runNotebooks(['--scale', 'smoke', '--prepared', prepared, '--results', results, '--out', out]);
  assert.equal(run.status, 0, `run-notebooks.sh failed:\n${run.stderr.slice(-4000)}`);
  assert.deepEqual(NOTEBOOKS.map((nb) => digest(join(root, 'notebooks', `${nb.name}.ipynb`))), committed, 'the committed notebooks are unchanged');
  for (const nb of NOTEBOOKS) {
    const executed = readNotebook(join(out, `${nb.name}.ipynb`));
    const injected = executed.cells.find((c) => c.metadata?.tags?.includes(INJECTED_TAG));
    assert.ok(injected, `${nb.name}: no injected parameters cell`);
    assert.match(join1(injected.source), /\nscale = "smoke";\n/);
    const errors = cellErrors(executed.cells);
    assert.deepEqual(errors, [], `${nb.name}: cells failed:\n${errors.join('\n')}`);
    assert.ok(executed.cells.every((c) => c.cell_type !== 'code' || typeof c.execution_count === 'number'), `${nb.name}: a cell did not run`);
    const missing = nb.figures.filter((f) => !existsSync(join(results, nb.name, f)));
    assert.deepEqual(missing, [], `${nb.name}: figures not written`);
  }
  // 02 says what it chose for this store, and 03 and 04 reuse its experiments.
  const comparison = streamText(readNotebook(join(out, '02-loss-comparison.ipynb')).cells, 'stdout');
  assert.match(comparison, /pairs train 60, val 25, test 20/);
  assert.match(comparison, /- batch \d+/);
  assert.match(comparison, /validation during training, val: 2 bags of 12 \(25 pairs/);
  assert.match(comparison, /test evaluation, test: 2 bags of 10 \(20 pairs/);
  assert.match(streamText(readNotebook(join(out, '03-adamine-analysis.ipynb')).cells, 'stdout'), /adamine seed 1338 +reused {2}2 epochs/);
  assert.match(streamText(readNotebook(join(out, '04-retrieval-visualization.ipynb')).cells, 'stdout'), /adamine: reused;/);
});

test('a failing cell: its error in the saved notebook and on stderr, a non-zero exit', () => {
  const out = join(work, 'failing');
  const run = runNotebooks(['--scale', 'smoke', '--prepared', prepared, '--results', join(work, 'results-failing'), '--epochs', '-1', '--out', out, 'notebooks/02-loss-comparison.ipynb']);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /Error: parameter epochs: -1 is not an integer >= 0/);
  assert.match(run.stderr, /02-loss-comparison\.ipynb failed after \d+ s; it is saved with the error/);
  const saved = readNotebook(join(out, '02-loss-comparison.ipynb'));
  const errors = saved.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error'));
  assert.equal(errors.length, 1);
  assert.equal(errors[0].ename, 'Error');
  assert.equal(errors[0].evalue, "parameter epochs: -1 is not an integer >= 0 (0: the scale's budget)");
  const failedAt = saved.cells.findIndex((c) => (c.outputs ?? []).some((o) => o.output_type === 'error'));
  assert.ok(saved.cells.slice(failedAt + 1).every((c) => c.cell_type !== 'code' || c.execution_count === null), 'nothing ran after the failing cell');
});

test('a cell that prints a burst of lines loses none of them', () => {
  const nb = {
    cells: [
      { cell_type: 'code', id: 'p', metadata: { tags: ['parameters'] }, source: 'let lines = 10;', outputs: [], execution_count: null },
      { cell_type: 'code', id: 'c', metadata: {}, source: 'for (let i = 0; i < lines; i++) console.log(`line ${i}`);', outputs: [], execution_count: null },
    ],
    metadata: { kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const source = join(scratch, 'burst.ipynb');
  writeFileSync(source, JSON.stringify(nb));
  const out = join(work, 'burst');
  const run = runNotebooks(['-p', 'lines=10000', '--out', out, source]);
  assert.equal(run.status, 0, run.stderr.slice(-2000));
  const printed = streamText(readNotebook(join(out, 'burst.ipynb')).cells, 'stdout').split('\n').filter(Boolean);
  assert.equal(printed.length, 10000);
  assert.equal(printed[9999], 'line 9999');
});
