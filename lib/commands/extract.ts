/**
 * `recipe1m extract -o <exp>/options.yaml --exp.resume best_<metric>
 * --dataset.eval_split test`: writes every recipe and image embedding of
 * the split, with their ids, to `<exp>/embeddings_<split>/` (format in
 * lib/engine/embeddings_io.ts).
 */
import { loadCommandOptions } from '../engine/options_schema.js';
import { extractExperiment } from '../experiment/experiment.js';

export const USAGE = 'usage: recipe1m extract -o <exp>/options.yaml [--exp.resume best_<metric>|last] --dataset.eval_split test [--help]';

export async function run(argv: string[]): Promise<number> {
  const loaded = loadCommandOptions(argv, USAGE);
  if (loaded === null) return 0;
  await extractExperiment(loaded);
  return 0;
}
