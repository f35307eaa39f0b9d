/**
 * `recipe1m compare -d DIR [DIR ...] -k KEY max|min [-k KEY max|min ...] [--logs NAME] [--view FILE]`:
 * one table per key ranking the experiment folders by the best value they
 * logged. Without -k: best R@1 image→recipe (max) and MedR image→recipe (min).
 * With --view, also one HTML page overlaying the runs' curves (no page
 * unless asked: a comparison has no folder of its own to write into).
 */
import { DEFAULT_SAVING_CRITERIA, parseCriterion } from '../engine/engine_options.js';
import { formatCompare, loadRuns, rankRuns, type CompareKey } from '../experiment/compare.js';
import { writeComparisonView } from '../experiment/compare_view.js';
import { commandFlags, type FlagSpecs } from './flags.js';

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

const FLAGS = {
  dirs: { kind: 'list', short: 'd', needs: 'an experiment folder' },
  keys: { kind: 'list', short: 'k', needs: 'a key and max or min' },
  logs: { kind: 'string', needs: 'a name' },
  view: { kind: 'string', needs: 'an output file, e.g. --view compare.html' },
} satisfies FlagSpecs;

function compareKey(words: readonly string[]): CompareKey {
  const [key, mode] = words;
  if (words.length !== 2 || (mode !== 'max' && mode !== 'min')) throw new Error(`-k needs a key and max or min, got '${words.join(' ')}'\n${USAGE}`);
  return { key, mode };
}

/** The comparison asked for, or 'help' (the usage is printed). */
export function parseCompareArgs(argv: readonly string[]): CompareArgs | 'help' {
  const values = commandFlags(argv, FLAGS, USAGE);
  if (values === null) return 'help';
  const dirs = values.dirs.flat();
  if (dirs.length === 0) throw new Error(`no experiment folder given\n${USAGE}`);
  const keys = values.keys.map(compareKey);
  return { dirs, keys: keys.length ? keys : DEFAULT_SAVING_CRITERIA.map(parseCriterion), logsName: values.logs ?? null, view: values.view ?? null };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseCompareArgs(argv);
  if (args === 'help') return 0;
  const runs = loadRuns(args.dirs, args.logsName);
  const tables = rankRuns(runs, args.keys);
  console.log(formatCompare(tables));
  if (args.view !== null) {
    writeComparisonView(args.view, runs, tables);
    console.log(`wrote ${args.view}`);
  }
  return tables.every((t) => t.rows.length > 0) ? 0 : 1;
}
