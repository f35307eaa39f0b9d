/**
 * The option sections the engine owns: `exp` (the experiment folder),
 * `engine` (epochs, which checkpoints to keep), `optimizer` and `misc`.
 */
import { BACKEND_NAMES } from '../backend/index.js';
import { loggedMetricKey, medianRankKey, recallKey } from '../metrics/index.js';
import { bool, int, num, str, strList, type Infer, type RetiredOptions, type Section } from '../options/index.js';

export const OPTIMIZER_NAMES = ['adam', 'sgd'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export const DEFAULT_SAVING_CRITERIA = [`${loggedMetricKey(recallKey(1, 'im2recipe'))}:max`, `${loggedMetricKey(medianRankKey('im2recipe'))}:min`];

export const expSchema = {
  dir: str('results/experiment', 'the experiment folder: options, logs, view.html, checkpoints'),
  resume: str(null, 'continue from a checkpoint: last, or best_<metric> (e.g. best_eval_epoch.metric.recall_at_1_im2recipe_mean); empty: a fresh run', {
    nullable: true,
  }),
  overwrite: bool(false, 'empty an existing non-empty exp.dir instead of refusing to start'),
} satisfies Section;

export const engineSchema = {
  nb_epochs: int(80, 'number of training epochs (the paper: 80)', { min: 0 }),
  saving_criteria: strList(DEFAULT_SAVING_CRITERIA, 'logged keys that keep a ckpt_best_<key>_* checkpoint, each as key:max or key:min'),
  max_batches_per_epoch: int(null, 'cap on the training batches of one epoch; empty: the sampler\'s full epoch', { min: 1 }),
  patience: int(null, 'early stopping: stop training once the first of engine.saving_criteria has not improved for this many evaluations (logged in logs.json as the note engine.early_stop); empty: train all engine.nb_epochs', {
    min: 1,
  }),
  eval_freq: int(1, 'evaluate on dataset.eval_split every n epochs (the last epoch always)', { min: 1 }),
  progress: bool(true, 'show a per-batch progress bar on stderr'),
  workers: int(null, 'worker threads that train and evaluate in parallel, each on its share of every batch (loss, gradients and update stay those of one process); 1: no workers; empty: one per core (one on tfjs-node, which uses every core itself)', {
    min: 1,
  }),
} satisfies Section;

export const optimizerSchema = {
  name: str('adam', 'the optimizer: adam (the paper), or sgd (SGD with momentum, whose step is proportional to the gradient, unlike Adam\'s per-parameter rescaling)', {
    choices: OPTIMIZER_NAMES,
  }),
  lr: num(1e-4, 'learning rate (the paper, with adam: 1e-4; sgd needs a larger one, as its step scales with the gradient)', { min: 0 }),
  momentum: num(0.9, 'sgd only (adam ignores it): momentum coefficient, 0 for plain SGD', { min: 0, max: 1 }),
  nesterov: bool(false, 'sgd only (adam ignores it): use the Nesterov form of the momentum update'),
  clip_grad: num(8, 'clip the global gradient norm of all trained parameters to this (logged before clipping); empty: no clipping', {
    min: 0,
    nullable: true,
  }),
} satisfies Section;

/** Options of earlier versions that are gone (docs/method.md §7): older option files still load, with a note. */
export const RETIRED_OPTIONS = {
  'optimizer.switch_epoch':
    'the image backbone is frozen by construction (its features are precomputed by prepare), so there is no epoch from which it is fine-tuned; the paper fine-tunes it from epoch 20 (docs/method.md §7, §11.1)',
} as const satisfies RetiredOptions;

export const miscSchema = {
  seed: int(1338, 'seed of the run: initialisation, and seed + epoch for each epoch\'s sampler and image picks (the paper: 1338)'),
  logs_name: str(null, 'evaluation-only runs log into logs_<name>.json and logs_<name>.txt; empty: logs.json / logs.txt', { nullable: true }),
  backend: str(null, 'TensorFlow.js backend; empty: the best available (RECIPE1M_BACKEND wins)', { choices: BACKEND_NAMES, nullable: true }),
} satisfies Section;

export type ExpOptions = Infer<typeof expSchema>;
export type EngineOptions = Infer<typeof engineSchema>;
export type OptimizerOptions = Infer<typeof optimizerSchema>;
export type MiscOptions = Infer<typeof miscSchema>;

/** A saving criterion `key:max|min` split; an error names the bad entry. */
export function parseCriterion(entry: string): { key: string; mode: 'max' | 'min' } {
  const at = entry.lastIndexOf(':');
  const key = entry.slice(0, at);
  const mode = entry.slice(at + 1);
  if (at <= 0 || (mode !== 'max' && mode !== 'min')) {
    throw new Error(`engine.saving_criteria entry '${entry}' must be <logged key>:max or <logged key>:min`);
  }
  return { key, mode };
}
