/**
 * `recipe1m eval -o <exp>/options.yaml --exp.resume best_<metric>
 * --dataset.train_split --dataset.eval_split test [--misc.logs_name NAME]`:
 * evaluates one checkpoint, training nothing; logs into
 * `<exp>/logs_<NAME>.json` (default NAME: eval_<split>), never logs.json.
 */
import { loadCommandOptions } from '../engine/options_schema.js';
import { evaluateExperiment } from '../experiment/experiment.js';

export const USAGE = 'usage: recipe1m eval -o <exp>/options.yaml --exp.resume best_<metric>|last --dataset.train_split --dataset.eval_split test [--misc.logs_name NAME] [--help]';

export async function run(argv: string[]): Promise<number> {
  const loaded = loadCommandOptions(argv, USAGE);
  if (loaded === null) return 0;
  if (loaded.options.dataset.train_split !== null) {
    console.log(`note: eval trains nothing; dataset.train_split (${loaded.options.dataset.train_split}) is ignored`);
  }
  const result = await evaluateExperiment(loaded);
  console.log(`logged into ${result.logs.json}`);
  return 0;
}
