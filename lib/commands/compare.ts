/**
 * `recipe1m compare -d DIR [DIR ...] -k KEY max|min [-k KEY max|min ...] [--logs NAME] [--view FILE]`:
 * one table per key ranking the experiment folders by the best value they
 * logged. Without -k: best R@1 image→recipe (max) and MedR image→recipe (min).
 * With --view, also one HTML page overlaying the runs' curves (no page
 * unless asked: a comparison has no folder of its own to write into).
 */
import { DEFAULT_SAVING_CRITERIA, parseCriterion } from '../engine/engine_options.js';
import { formatCompare, loadRuns, rankRuns, type CompareKey } from '../engine/compare.js';
import { writeComparisonView } from '../engine/compare_view.js';

const USAGE = `usage: recipe1m compare -d DIR [DIR ...] [-k KEY max|min ...] [--logs NAME] [--view FILE]
  -d, --dirs   experiment folders to rank
  -k, --keys   a logged key and whether larger (max) or smaller (min) is better; repeatable
               (default: ${DEFAULT_SAVING_CRITERIA.map((c) => c.replace(':', ' ')).join(', ')})
  --logs NAME  read logs_NAME.json (an evaluation-only run, e.g. on test) instead of logs.json
  --view FILE  also write FILE: one self-contained HTML page with the tables and every run's
               curves overlaid, each configuration in its colour`;

export interface CompareArgs {
  dirs: string[];
  keys: CompareKey[];
  logsName: string | null;
  /** Where to write the comparison page; null: none. */
  view: string | null;
}

export function parseCompareArgs(argv: readonly string[]): CompareArgs | 'help' {
  const dirs: string[] = [];
  const keys: CompareKey[] = [];
  let logsName: string | null = null;
  let view: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') return 'help';
    if (a === '-d' || a === '--dirs') {
      while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')) dirs.push(argv[++i]);
    } else if (a === '-k' || a === '--keys') {
      const key = argv[i + 1];
      const mode = argv[i + 2];
      if (key === undefined || (mode !== 'max' && mode !== 'min')) throw new Error(`${a} needs a key and max or min, got '${key ?? ''} ${mode ?? ''}'\n${USAGE}`);
      keys.push({ key, mode });
      i += 2;
    } else if (a === '--logs') {
      logsName = argv[++i] ?? null;
      if (logsName === null) throw new Error(`--logs needs a name\n${USAGE}`);
    } else if (a === '--view') {
      view = argv[i + 1] !== undefined && !argv[i + 1].startsWith('-') ? argv[++i] : null;
      if (view === null) throw new Error(`--view needs an output file, e.g. --view compare.html\n${USAGE}`);
    } else {
      throw new Error(`unexpected argument '${a}'\n${USAGE}`);
    }
  }
  if (dirs.length === 0) throw new Error(`no experiment folder given\n${USAGE}`);
  return { dirs, keys: keys.length ? keys : DEFAULT_SAVING_CRITERIA.map(parseCriterion), logsName, view };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseCompareArgs(argv);
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  const runs = loadRuns(args.dirs, args.logsName);
  const tables = rankRuns(runs, args.keys);
  console.log(formatCompare(tables));
  if (args.view !== null) {
    writeComparisonView(args.view, runs, tables);
    console.log(`wrote ${args.view}`);
  }
  return tables.every((t) => t.rows.length > 0) ? 0 : 1;
}
