/**
 * The experiments notebooks 02 and 03 train, as requests for
 * ensureExperiments: one folder per configuration and seed (and, for 03,
 * optimizer), all with the scale's budget. Both notebooks (and anything that
 * trains their experiments ahead) build them here, so a folder trained for
 * one is reused by the other.
 */
import { join } from 'node:path';
import type { ExperimentRequest } from './experiments.js';
import { mergeOverrides, type OptionOverrides } from './option_overrides.js';
import type { TrainingBudget } from './training_budget.js';

/** The paper's ablation table (docs/method.md §7), in its order. */
export const ABLATION_CONFIGS = ['pairwise', 'pairwise_plus', 'avg_nosem', 'max', 'avg', 'adamine'] as const;

/** PWC++'s matched margin raised until it binds: a matched pair closer than this costs nothing (the paper's is 0.3). */
export const BINDING_POS_MARGIN = 0.7;

/** SGD with momentum for notebook 03: a step proportional to the gradient (Adam's is rescaled per parameter). */
const SGD_LR = 0.5;
export const SGD: OptionOverrides = { optimizer: { name: 'sgd', lr: SGD_LR, momentum: 0.9, nesterov: false } };

/**
 * The matched-step control: under SGD the step follows the gradient, and
 * avg's gradient is about half of adamine's (notebook 03 measures the
 * ratio), so avg at twice SGD's learning rate takes steps of adamine's
 * size. What adamine still gains over it is the reduction's, not the step
 * size's.
 */
export const SGD_DOUBLE_LR: OptionOverrides = mergeOverrides(SGD, { optimizer: { lr: 2 * SGD_LR } });

const seeded = (budget: TrainingBudget, seed: number, extra: OptionOverrides = {}): OptionOverrides =>
  mergeOverrides(mergeOverrides(budget.overrides, { misc: { seed } }), extra);

/** <out>/<config>/seed-<seed>: each configuration with each seed of the budget. */
export function ablationRequests(budget: TrainingBudget, out: string, configs: readonly string[]): ExperimentRequest[] {
  return configs.flatMap((config) =>
    budget.seeds.map((seed) => ({ config, name: `${config} seed ${seed}`, dir: join(out, config, `seed-${seed}`), overrides: seeded(budget, seed) })),
  );
}

/** PWC++ with BINDING_POS_MARGIN, first seed only: against PWC of the same seed, any difference is the margin's. */
export function bindingMarginRequest(budget: TrainingBudget, out: string): ExperimentRequest {
  const seed = budget.seeds[0];
  return {
    config: 'pairwise_plus',
    name: `pairwise_plus pos_margin ${BINDING_POS_MARGIN} seed ${seed}`,
    dir: join(out, `pairwise_plus-margin-${BINDING_POS_MARGIN}`, `seed-${seed}`),
    overrides: seeded(budget, seed, { model: { criterion: { pos_margin: BINDING_POS_MARGIN } } }),
  };
}

/** Notebook 03's SGD runs of `configs` (the Adam ones are notebook 02's): <out>/<config>-sgd/seed-<seed>. */
export function sgdRequests(budget: TrainingBudget, out: string, configs: readonly string[]): ExperimentRequest[] {
  return configs.flatMap((config) =>
    budget.seeds.map((seed) => ({ config, name: `${config} sgd seed ${seed}`, dir: join(out, `${config}-sgd`, `seed-${seed}`), overrides: seeded(budget, seed, SGD) })),
  );
}

/** The matched-step control (SGD_DOUBLE_LR) of `config`, every seed: <out>/<config>-sgd-2lr/seed-<seed>. */
export function sgdDoubleLrRequests(budget: TrainingBudget, out: string, config: string): ExperimentRequest[] {
  return budget.seeds.map((seed) => ({
    config,
    name: `${config} sgd-2lr seed ${seed}`,
    dir: join(out, `${config}-sgd-2lr`, `seed-${seed}`),
    overrides: seeded(budget, seed, SGD_DOUBLE_LR),
  }));
}
