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
import { writeFileAtomic } from '../lib/util/atomic_write.js';
import { CASE_NAMES, OPT_IN_CASES, runCase, type BenchRecord, type CaseName } from './cases.js';

interface Args {
  quick: boolean;
  only: CaseName[];
  out: string;
  /** Child mode: run this one case and print its record. */
  case?: CaseName;
  batch?: number;
  recipes?: number;
}

function caseName(value: string): CaseName {
  if (!(CASE_NAMES as readonly string[]).includes(value)) throw new Error(`bench: unknown case '${value}'; cases: ${CASE_NAMES.join(', ')}`);
  return value as CaseName;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, only: CASE_NAMES.filter((c) => !OPT_IN_CASES.includes(c)), out: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`bench: ${a} needs a value`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--only') args.only = value().split(',').map(caseName);
    else if (a === '--out') args.out = value();
    else if (a === '--case') args.case = caseName(value());
    else if (a === '--batch') args.batch = Number(value());
    else if (a === '--recipes') {
      const v = value();
      if (!/^[0-9]+$/.test(v) || Number(v) < 1) throw new Error(`bench: --recipes must be a positive integer in decimal digits, got '${v}'`);
      args.recipes = Number(v);
    } else throw new Error(`bench: unknown argument '${a}'; use --quick, --only CASES, --out FILE, --recipes N`);
  }
  // A smoke run must not replace the figures of a full one.
  if (!args.out) args.out = args.quick ? 'results/bench/quick.jsonl' : 'results/bench/latest.jsonl';
  return args;
}

function child(name: CaseName, quick: boolean, batch?: number, recipes?: number): BenchRecord {
  const argv = [
    ...process.execArgv, process.argv[1], '--case', name, ...(quick ? ['--quick'] : []), ...(batch ? ['--batch', String(batch)] : []), ...(recipes ? ['--recipes', String(recipes)] : []),
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
    const r = child('train_hierarchical_paper', quick, batch);
    if (!r.failed) return { ...r, largest_batch_that_fits: batch, ...(tried.length ? { failed_batches: tried } : {}) };
    tried.push(`${batch}: ${r.failed}`);
  }
  return { case: 'train_hierarchical_paper', failed_batches: tried };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.case) {
    console.log(JSON.stringify(await runCase(args.case, { quick: args.quick, batch: args.batch, recipes: args.recipes })));
    return;
  }
  const records: BenchRecord[] = [];
  const started = new Date().toISOString();
  for (const name of args.only) {
    console.error(`bench: ${name}…`);
    const r = name === 'train_hierarchical_paper' ? hierarchical(args.quick) : child(name, args.quick, undefined, args.recipes);
    const record = { ...r, quick: args.quick, started };
    console.log(JSON.stringify(record));
    records.push(record);
  }
  writeFileAtomic(args.out, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

await main();
