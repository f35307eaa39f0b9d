/**
 * Ranks on every similarity engine this machine has (the JavaScript engine,
 * TensorFlow.js on the cpu backend, on wasm, and on wasm with the OpenBLAS
 * addon, and the addon's own sgemm with its counting kernel) and under
 * several OpenBLAS core types, which round the same dot product
 * differently: all must give the reference ranks (referenceRanks),
 * for every block size. Each configuration runs in a child process
 * (engine_ranks.ts), since OpenBLAS picks its kernels once, at load time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EngineReport } from './engine_ranks.js';
import { rankFixtures, referenceRanks } from './helpers.js';

const CHILD = resolve(import.meta.dirname, 'engine_ranks.ts');

function runChild(engines: string, env: NodeJS.ProcessEnv): { report: EngineReport; stderr: string } {
  // RECIPE1M_BACKEND would pin one backend; the child switches between them.
  const childEnv = { ...process.env, ...env };
  delete childEnv.RECIPE1M_BACKEND;
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, engines], { env: childEnv, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `engine_ranks.ts ${engines} failed:\n${r.stderr.slice(-2000)}`);
  return { report: JSON.parse(r.stdout) as EngineReport, stderr: r.stderr };
}

const expected = new Map(rankFixtures().map((f) => [f.name, referenceRanks(f.images, f.recipes, f.count, f.dim)]));

function assertReference(report: EngineReport, label: string): void {
  assert.ok(report.results.length > 0, `${label}: no results`);
  for (const r of report.results) {
    const want = expected.get(r.fixture);
    assert.ok(want, `unknown fixture ${r.fixture}`);
    const where = `${label}, engine ${r.engine}, ${r.fixture}, blockRows ${r.blockRows}`;
    assert.deepEqual(r.im2recipe, want.im2recipe, `${where}: im2recipe`);
    assert.deepEqual(r.recipe2im, want.recipe2im, `${where}: recipe2im`);
  }
  assert.equal(report.leakedTensors, 0, `${label}: tensors leaked`);
}

/** The CPU flags, or null where /proc/cpuinfo does not list them (not Linux on x86). */
function cpuFlags(): Set<string> | null {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'));
    return line ? new Set(line.split(':')[1].trim().split(/\s+/)) : null;
  } catch {
    return null;
  }
}

/** OpenBLAS core types to force, with the CPU flags their kernels need. */
const CORE_TYPES: [core: string, needs: string[]][] = [
  ['Haswell', ['avx2', 'fma']],
  ['Nehalem', ['sse4_2']],
];

test('every engine of this machine gives the reference ranks (js, tf cpu, tf wasm, tf wasm + OpenBLAS, the native counting kernel), any block size', (t) => {
  const { report } = runChild('js,cpu,wasm,openblas,native', {});
  const label = `OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset)'}`;
  assertReference(report, label);
  const engines = new Set(report.results.map((r) => r.engine));
  assert.deepEqual([...engines].filter((e) => e !== 'openblas' && e !== 'native'), ['js', 'cpu', 'wasm']);
  if (report.openblas) assert.ok(engines.has('openblas') && engines.has('native'), `engines tested: ${[...engines]}`);
  else t.diagnostic('the OpenBLAS and native engines were not tested: the native addon is not built (npm run build:native) or RECIPE1M_NATIVE_BLAS=0');
});

for (const [core, needs] of CORE_TYPES) {
  test(`OpenBLAS with its ${core} kernels gives the reference ranks`, (t) => {
    const flags = cpuFlags();
    if (!flags) return t.skip('no /proc/cpuinfo flags: cannot tell which OpenBLAS core types this CPU runs');
    const missing = needs.filter((f) => !flags.has(f));
    if (missing.length > 0) return t.skip(`this CPU lacks ${missing.join(', ')}, which the ${core} kernels need`);
    const { report, stderr } = runChild('openblas,native', { OPENBLAS_CORETYPE: core, OPENBLAS_VERBOSE: '2' });
    if (!report.openblas) return t.skip('the native addon is not built (npm run build:native) or RECIPE1M_NATIVE_BLAS=0');
    // OpenBLAS names the kernels it chose on stderr when OPENBLAS_VERBOSE=2.
    assert.match(stderr, new RegExp(`Core: ${core}\\b`), `OpenBLAS did not take OPENBLAS_CORETYPE=${core}:\n${stderr.slice(-2000)}`);
    assertReference(report, `OPENBLAS_CORETYPE=${core}`);
  });
}
