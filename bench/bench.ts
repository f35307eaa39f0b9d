/**
 * `npm run bench`: training and evaluation speed on synthetic batches, and
 * the search server under load (serve_load.ts), one JSON line per case on
 * stdout, also written to results/bench/latest.jsonl
 * (results/bench/quick.jsonl with --quick).
 *
 *   node --import tsx --expose-gc bench/bench.ts [--quick] [--only a,b] [--out FILE] [--recipes N]
 *
 * recipe1m_scale runs only when --only names it; --recipes sets its dataset size.
 * --quick: one measured step per case, a shorter leak run, the 1k evaluation only,
 * a tenth of the server requests.
 * Every case runs in a child process (see cases.ts); progress goes to stderr.
 */
import { spawnSync } from 'node:child_process';
import { commandFlags } from '../lib/commands/flags.js';
import { writeFileAtomic } from '../lib/util/atomic_write.js';
import { availableParallelism, loadavg } from 'node:os';
import { CASE_NAMES, OPT_IN_CASES, WORKERS_CASES, runCase, type BenchRecord, type CaseName } from './cases.js';

interface Args {
  quick: boolean;
  only: CaseName[];
  out: string;
  /** Child mode: run this one case and print its record. */
  case?: CaseName;
  batch?: number;
  recipes?: number;
  workers?: number[];
}

function caseName(value: string): CaseName {
  if (!(CASE_NAMES as readonly string[]).includes(value)) throw new Error(`bench: unknown case '${value}'; cases: ${CASE_NAMES.join(', ')}`);
  return value as CaseName;
}

const USAGE = 'usage: bench.ts [--quick] [--only CASES] [--out FILE] [--recipes N] [--workers N,M]';

const FLAGS = {
  quick: { kind: 'boolean' },
  only: { kind: 'string', needs: 'a comma-separated list of cases' },
  out: { kind: 'string', needs: 'a file' },
  case: { kind: 'string', needs: 'a case' },
  batch: { kind: 'string', needs: 'a batch size' },
  workers: { kind: 'string', needs: 'a comma-separated list of worker counts' },
  recipes: { kind: 'string', needs: 'a number of recipes' },
} as const;

/** The arguments, or null for --help (the usage is printed). */
function parseArgs(argv: string[]): Args | null {
  const values = commandFlags(argv, FLAGS, USAGE);
  if (values === null) return null;
  const { recipes } = values;
  if (recipes !== undefined && (!/^[0-9]+$/.test(recipes) || Number(recipes) < 1)) throw new Error(`bench: --recipes must be a positive integer in decimal digits, got '${recipes}'`);
  return {
    quick: values.quick,
    only: values.only === undefined ? CASE_NAMES.filter((c) => !OPT_IN_CASES.includes(c)) : values.only.split(',').map(caseName),
    // A smoke run must not replace the figures of a full one.
    out: values.out ?? (values.quick ? 'results/bench/quick.jsonl' : 'results/bench/latest.jsonl'),
    case: values.case === undefined ? undefined : caseName(values.case),
    batch: values.batch === undefined ? undefined : Number(values.batch),
    workers: values.workers?.split(',').map(Number),
    recipes: recipes === undefined ? undefined : Number(recipes),
  };
}

interface ChildSettings {
  batch?: number;
  recipes?: number;
  workers?: number[];
}

function child(name: CaseName, quick: boolean, { batch, recipes, workers }: ChildSettings = {}): BenchRecord {
  const argv = [
    ...process.execArgv,
    process.argv[1],
    '--case',
    name,
    ...(quick ? ['--quick'] : []),
    ...(batch ? ['--batch', String(batch)] : []),
    ...(recipes ? ['--recipes', String(recipes)] : []),
    ...(workers ? ['--workers', workers.join(',')] : []),
  ];
  const r = spawnSync(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status === 0 && line.startsWith('{')) return JSON.parse(line) as BenchRecord;
  const why = r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
  return { case: name, batch, failed: `${why}: ${(r.stdout.trim().split('\n').slice(-3).join(' ') || 'see stderr').slice(0, 300)}` };
}

/** The hierarchical case at the largest batch (100, 50, 25) that fits. */
function hierarchical(quick: boolean): BenchRecord {
  const tried: string[] = [];
  for (const batch of [100, 50, 25]) {
    const r = child('train_hierarchical_paper', quick, { batch });
    if (!r.failed) return { ...r, largest_batch_that_fits: batch, ...(tried.length ? { failed_batches: tried } : {}) };
    tried.push(`${batch}: ${r.failed}`);
  }
  return { case: 'train_hierarchical_paper', failed_batches: tried };
}

/** Speed-up of data-parallel training measured in this run: at least 1.6x on 2 workers is the target. */
const WORKERS_TARGET = 1.6;

/**
 * A workers_* case: 1 and 2 workers each alone in its own process (peak
 * memory, step time), then both in one process with their steps
 * interleaved, the speed-up's measurement (a change in load hits both).
 */
function workersCase(name: CaseName, quick: boolean): BenchRecord {
  const alone = [1, 2].map((w) => child(name, quick, { workers: [w] }));
  const together = child(name, quick, { workers: [1, 2] });
  const failed = [...alone, together].filter((r) => r.failed);
  if (failed.length) return { case: name, failed: failed.map((r) => r.failed).join('; ') };
  type Run = { workers: number; ms_per_step_median: number; ms_per_step_min: number; cpu_ms_per_step_median: number };
  const [one, two] = together.runs as Run[];
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const aloneRuns = alone.map((r) => (r.runs as Run[])[0]);
  return {
    case: name,
    backend: together.backend,
    matmul: together.matmul,
    variant: together.variant,
    batch: together.batch,
    cores: availableParallelism(),
    ms_per_step_1_worker: one.ms_per_step_median,
    ms_per_step_2_workers: two.ms_per_step_median,
    speedup_2_workers: ratio(one.ms_per_step_median, two.ms_per_step_median),
    speedup_2_workers_best_steps: ratio(one.ms_per_step_min, two.ms_per_step_min),
    speedup_2_workers_separate_processes: ratio(aloneRuns[0].ms_per_step_median, aloneRuns[1].ms_per_step_median),
    // A ceiling, not a measurement: 1-worker CPU time over half the 2-worker CPU time (each of 2 cores busy all the step, no waiting).
    speedup_2_workers_cpu_ceiling: ratio(one.cpu_ms_per_step_median, two.cpu_ms_per_step_median / 2),
    target: WORKERS_TARGET,
    meets_target: ratio(one.ms_per_step_median, two.ms_per_step_median) >= WORKERS_TARGET,
    peak_rss_mb_1_worker: alone[0].peak_rss_mb,
    peak_rss_mb_2_workers: alone[1].peak_rss_mb,
    load_average_1min: loadavg()[0],
    interleaved: together,
    alone,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args === null) return;
  if (args.case) {
    console.log(JSON.stringify(await runCase(args.case, { quick: args.quick, batch: args.batch, recipes: args.recipes, workers: args.workers })));
    return;
  }
  const records: BenchRecord[] = [];
  const started = new Date().toISOString();
  for (const name of args.only) {
    console.error(`bench: ${name}…`);
    const r =
      name === 'train_hierarchical_paper'
        ? hierarchical(args.quick)
        : (WORKERS_CASES as readonly string[]).includes(name)
          ? workersCase(name, args.quick)
          : child(name, args.quick, { recipes: args.recipes });
    const record = { ...r, quick: args.quick, started };
    console.log(JSON.stringify(record));
    records.push(record);
  }
  writeFileAtomic(args.out, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

await main();
