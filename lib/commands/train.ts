/**
 * `recipe1m train -o options/adamine.yaml [--key value ...]`: trains the
 * experiment into exp.dir (refusing a non-empty one unless --exp.resume or
 * --exp.overwrite true), evaluating on dataset.eval_split every epoch.
 * `--help` lists every option with its resolved value.
 */
import { checkpointTags } from '../experiment/checkpoint.js';
import { loadCommandOptions } from '../engine/options_schema.js';
import { trainExperiment } from '../experiment/experiment.js';

export const USAGE = 'usage: recipe1m train -o OPTIONS.yaml [--a.b.c value ...] [--help]';

export async function run(argv: string[]): Promise<number> {
  const loaded = loadCommandOptions(argv, USAGE);
  if (loaded === null) return 0;
  const result = await trainExperiment(loaded);
  if (result.outcome === 'interrupted') return 130;
  // 'nothing': the run said why and wrote nothing; the experiment is already trained to engine.nb_epochs.
  if (result.outcome === 'nothing') return 0;
  const checkpoints = checkpointTags(result.dir).map((t) => `ckpt_${t}_*`);
  console.log(`done: ${result.dir} (trained to epoch ${result.state.epoch}; logs.json, view.html, ${checkpoints.join(', ')})`);
  return 0;
}
