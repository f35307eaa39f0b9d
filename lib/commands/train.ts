/**
 * `recipe1m train -o options/adamine.yaml [--key value ...]`: trains the
 * experiment into exp.dir (refusing a non-empty one unless --exp.resume or
 * --exp.overwrite true), evaluating on dataset.eval_split every epoch.
 * `--help` lists every option with its resolved value.
 */
import { loadCommandOptions } from '../engine/options_schema.js';
import { trainExperiment } from '../engine/experiment.js';

export const USAGE = 'usage: recipe1m train -o OPTIONS.yaml [--a.b.c value ...] [--help]';

export async function run(argv: string[]): Promise<number> {
  const loaded = loadCommandOptions(argv, USAGE);
  if (loaded === null) return 0;
  const result = await trainExperiment(loaded);
  if (result.outcome === 'interrupted') return 130;
  console.log(`done: ${result.dir} (logs.json, view.html, ckpt_last_*, ckpt_best_*)`);
  return 0;
}
