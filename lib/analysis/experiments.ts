/**
 * Experiments the notebooks train and evaluate through the command line
 * (the same code as `recipe1m train` / `recipe1m eval`), reused when a
 * notebook runs again: a folder that already holds the best checkpoint is
 * not retrained unless asked.
 */
import { join } from 'node:path';
import { checkpointTags } from '../engine/checkpoint.js';
import { readSeries, type Series } from '../engine/logger.js';
import { lastMetrics } from './comparison.js';
import { runRecipe1mOrThrow } from './run_cli.js';

/** The checkpoint kept for the best validation R@1 image→recipe (model selection, docs/method.md §7). */
export const BEST_R1_TAG = 'best_eval_epoch.metric.recall_at_1_im2recipe_mean';

export interface TrainedExperiment {
  name: string;
  dir: string;
  /** Seconds the training took in this call; null when an earlier run was reused. */
  seconds: number | null;
  /** The last line the training printed (the final epoch's summary). */
  summary: string;
}

/** Trains options/<name>.yaml into `dir` with `overrides`, unless `dir` already has the best checkpoint and `retrain` is false. */
export function ensureExperiment(name: string, dir: string, overrides: readonly string[], retrain = false): TrainedExperiment {
  if (!retrain && checkpointTags(dir).includes(BEST_R1_TAG)) {
    return { name, dir, seconds: null, summary: `reused ${dir}` };
  }
  const run = runRecipe1mOrThrow(['train', '-o', join('options', `${name}.yaml`), '--exp.dir', dir, '--exp.overwrite', 'true', ...overrides]);
  const epochLines = run.stdout.split('\n').filter((l) => l.startsWith('epoch '));
  return { name, dir, seconds: run.seconds, summary: epochLines[epochLines.length - 1] ?? run.stdout.trim().split('\n').pop() ?? '' };
}

/** Evaluates the best checkpoint on the test split in bags; returns the metrics (also in <dir>/logs_test.json). */
export function evaluateOnTest(dir: string, bags: { nbBags: number; perBag: number }): Record<string, number> {
  runRecipe1mOrThrow([
    'eval', '-o', join(dir, 'options.yaml'),
    '--exp.resume', BEST_R1_TAG,
    '--dataset.eval_split', 'test',
    '--model.metric.nb_bags', String(bags.nbBags),
    '--model.metric.nb_matchs_per_bag', String(bags.perBag),
    '--misc.logs_name', 'test',
  ]);
  const file = join(dir, 'logs_test.json');
  return lastMetrics(readSeries(file), file);
}

/** The training series of an experiment (logs.json). */
export function trainingSeries(dir: string): Series {
  return readSeries(join(dir, 'logs.json'));
}
