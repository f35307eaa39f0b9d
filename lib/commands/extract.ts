/**
 * `recipe1m extract -o <exp>/options.yaml --exp.resume best_<metric>
 * --dataset.eval_split test`: writes every recipe and image embedding of
 * the split, with their ids, to `<exp>/embeddings_<split>/` (format in
 * lib/search/embeddings_io.ts).
 */
import { helpText } from '../engine/options.js';
import { loadOptions } from '../engine/options_schema.js';
import { extractExperiment } from '../engine/experiment.js';

export const USAGE = 'usage: recipe1m extract -o <exp>/options.yaml [--exp.resume best_<metric>|last] --dataset.eval_split test [--help]';

export async function run(argv: string[]): Promise<number> {
  const loaded = loadOptions(argv);
  if (loaded.help) {
    console.log(`${USAGE}\n\noptions (resolved value, doc, source):\n${helpText(loaded.resolved)}`);
    return 0;
  }
  if (loaded.optionsFile === null) throw new Error(`no option file: ${USAGE}`);
  await extractExperiment(loaded);
  return 0;
}
