/**
 * Executes every research notebook at smoke scale with the tslab kernel
 * (headless nbconvert), into a temporary folder (data, experiments and
 * figures too), in order: 03 and 04 reuse the experiments 02 trained. A notebook fails the test when a cell errors
 * (tslab reports compile errors on stderr and then fails the cell) or when
 * a figure it should have written is missing.
 *
 * Needs jupyter-nbconvert and the kernel spec: scripts/install-kernel.sh.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface NotebookCase {
  name: string;
  /** Files (relative to results/<name>/) the notebook must write. */
  figures: string[];
}

const both = (names: string[]): string[] => names.flatMap((f) => [`${f}.html`, `${f}.png`]);

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
    figures: [...both(['test-recall-at-1', 'val-recall-curves']), 'table.md', 'adamine/logs.json', 'adamine/logs_test.json', 'pairwise/view.html'],
  },
  {
    name: '03-adamine-analysis',
    figures: both(['active-IRR', 'active-RII', 'active-SIRR', 'active-SRII', 'grad-norm', 'semantic-weight', 'strategy-losses']),
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
  outputs?: Output[];
}

const join1 = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join('') : (s ?? ''));

/** Cells that errored, each with the head of its source and what it printed on stderr. */
function cellErrors(cells: Cell[]): string[] {
  const errors: string[] = [];
  cells.forEach((cell, i) => {
    const outputs = cell.outputs ?? [];
    const failed = outputs.filter((o) => o.output_type === 'error');
    const stderr = outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => join1(o.text));
    // tslab reports a TypeScript compile error ("11:33 - Cannot find module ...") on stderr, with no error output.
    const compile = stderr.filter((t) => /^\d+:\d+ - /m.test(t));
    if (failed.length === 0 && compile.length === 0) return;
    const head = join1(cell.source).split('\n').slice(0, 3).join(' | ');
    const why = failed.length > 0 ? failed.map((o) => `${o.ename}: ${o.evalue}`).join('; ') : 'TypeScript compile error';
    errors.push(`cell ${i} [${head}]: ${why}\n${stderr.join('').slice(0, 2000)}`);
  });
  return errors;
}

const root = process.cwd();

/** The caller's environment at smoke scale, writing under `work`, without variables that point notebooks elsewhere. */
function smokeEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, RECIPE1M_NB_SCALE: 'smoke', RECIPE1M_NB_OUT: join(work, 'results'), RECIPE1M_NB_DATA: join(work, 'data') };
  for (const key of ['RECIPE1M_NB_CONFIGS', 'RECIPE1M_NB_RETRAIN', 'RECIPE1M_NB_EXPERIMENTS', 'RECIPE1M_NB_EXPERIMENT']) delete env[key];
  return env;
}
let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'notebooks-'));
});
after(() => {
  if (!process.env.RECIPE1M_NB_KEEP) rmSync(work, { recursive: true, force: true });
});

test('the tslab kernel and nbconvert are installed', () => {
  const jupyter = spawnSync('jupyter', ['--paths', '--json'], { encoding: 'utf8' });
  assert.equal(jupyter.status, 0, 'jupyter is not on PATH: apt-get install -y --no-install-recommends jupyter-nbconvert');
  const dataDirs = (JSON.parse(jupyter.stdout) as { data: string[] }).data;
  const specs = dataDirs.map((d) => join(d, 'kernels', 'tslab', 'kernel.json'));
  assert.ok(specs.some((s) => existsSync(s)), `no tslab kernel spec in ${dataDirs.join(', ')}: run scripts/install-kernel.sh`);
  assert.ok(statSync(join(root, 'notebooks', 'lib')).isDirectory(), 'notebooks/lib must link to ../lib: run scripts/install-kernel.sh');
});

for (const nb of NOTEBOOKS) {
  test(`notebook ${nb.name} runs at smoke scale and writes its figures`, () => {
    const source = resolve(root, 'notebooks', `${nb.name}.ipynb`);
    const run = spawnSync(
      'jupyter',
      ['nbconvert', '--to', 'notebook', '--execute', '--allow-errors', '--ExecutePreprocessor.timeout=600', '--output-dir', work, source],
      { encoding: 'utf8', env: smokeEnv() },
    );
    assert.equal(run.status, 0, `nbconvert failed for ${nb.name}:\n${run.stderr.slice(-3000)}`);
    const executed = JSON.parse(readFileSync(join(work, `${nb.name}.ipynb`), 'utf8')) as { cells: Cell[] };
    const errors = cellErrors(executed.cells);
    assert.deepEqual(errors, [], `${nb.name}: cells failed:\n${errors.join('\n')}`);
    const missing = nb.figures.filter((f) => !existsSync(join(work, 'results', nb.name, f)));
    assert.deepEqual(missing, [], `${nb.name}: figures not written`);
  });
}
