/**
 * A real but barely trained experiment for the search tests and the serve
 * bench: a private tiny cookbook (a shared fixture cache may be rebuilt by
 * other test processes while this one reads it), prepared, and AdaMine at
 * small widths trained for one batch.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateCookbook } from '../../lib/data/generator/generate.js';
import { prepareRecipe1M } from '../../lib/data/prepare.js';
import { trainExperiment } from '../../lib/experiment/experiment.js';

export interface TinyExperiment {
  /** The temporary folder holding everything below; `remove` deletes it. */
  work: string;
  /** The generated cookbook, Recipe1M layout. */
  raw: string;
  /** Its prepared store. */
  dataset: string;
  /** The experiment folder (options.yaml, ckpt_last_*). */
  exp: string;
  /** `-o <exp>/options.yaml --exp.resume last --engine.progress=false`, the arguments of search and serve. */
  args: string[];
  remove(): Promise<void>;
}

export async function tinyExperiment(prefix: string): Promise<TinyExperiment> {
  const work = await mkdtemp(path.join(os.tmpdir(), prefix));
  const raw = path.join(work, 'raw');
  const dataset = path.join(work, 'prepared');
  const exp = path.join(work, 'exp');
  try {
    await generateCookbook({ out: raw, size: 'tiny', seed: 1 });
    await prepareRecipe1M({ recipe1m: raw, out: dataset, minCount: 2, progress: false });
    await trainExperiment(
      [
        '-o', 'options/adamine.yaml', `--exp.dir=${exp}`, '--exp.overwrite=true', `--dataset.dir=${dataset}`, '--dataset.eval_split=',
        '--model.network.word_dim=16', '--model.network.ingredient_hidden=16', '--model.network.instruction_hidden=16',
        '--model.network.embedding_dim=32', '--dataset.batch_size=20', '--engine.nb_epochs=1', '--engine.max_batches_per_epoch=1',
        '--engine.progress=false',
      ],
      { echo: () => {}, handleSignals: false },
    );
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw err;
  }
  return {
    work,
    raw,
    dataset,
    exp,
    args: ['-o', path.join(exp, 'options.yaml'), '--exp.resume', 'last', '--engine.progress=false'],
    remove: () => rm(work, { recursive: true, force: true }),
  };
}
