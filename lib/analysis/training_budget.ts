/**
 * The same training budget for every configuration a notebook compares, as
 * command-line overrides of the option files: the paper's model and
 * schedule at `full` scale, a small model and a few epochs on the mini
 * cookbook at `demo`, a handful of batches at `smoke` (CI: does it run?).
 */
import type { NotebookScale } from './scale.js';

/** The 1k setup when the evaluated split allows it, else the largest bags it holds. */
export function bagSetup(scale: NotebookScale, evalPairs: number): { nbBags: number; perBag: number } {
  if (scale === 'full') return { nbBags: 10, perBag: 1000 };
  if (evalPairs >= 2000) return { nbBags: Math.min(10, Math.floor(evalPairs / 1000)), perBag: 1000 };
  const nbBags = scale === 'smoke' ? 2 : 5;
  const perBag = Math.floor(evalPairs / nbBags);
  if (perBag < 10) throw new Error(`bagSetup: ${evalPairs} evaluation pairs are too few for ${nbBags} bags of at least 10`);
  return { nbBags, perBag };
}

/** Overrides (`--key value` pairs) that every configuration of a comparison gets. */
export function budgetOverrides(scale: NotebookScale, preparedDir: string, evalPairs: number): string[] {
  const bags = bagSetup(scale, evalPairs);
  const common = [
    '--dataset.dir', preparedDir,
    '--model.metric.nb_bags', String(bags.nbBags),
    '--model.metric.nb_matchs_per_bag', String(bags.perBag),
    '--engine.progress', 'false',
  ];
  if (scale === 'full') return common;
  const small = [
    '--model.network.word_dim', '64',
    '--model.network.ingredient_hidden', '64',
    '--model.network.sentence_hidden', '64',
    '--model.network.instruction_hidden', '128',
    '--model.network.embedding_dim', '128',
    '--optimizer.lr', '1e-3',
  ];
  if (scale === 'demo') return [...common, ...small, '--engine.nb_epochs', '5'];
  return [...common, ...small, '--engine.nb_epochs', '2', '--engine.max_batches_per_epoch', '3', '--dataset.batch_size', '20'];
}
