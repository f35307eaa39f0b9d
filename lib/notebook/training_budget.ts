/**
 * The same training budget for every configuration a notebook compares, as
 * command-line overrides of the option files, fitted to the prepared store:
 * the paper's model and schedule at `full` scale, a small model and a few
 * epochs at `demo`, a handful of batches at `smoke` (does it run?). The
 * scale says what it wants (batch size, epochs, the 1k evaluation setup);
 * the splits say what they allow: a batch size for which the class-balanced
 * sampler still makes batches, and evaluation bags that fit in the
 * validation and test splits. Every choice comes with the reason, for the
 * notebook to print.
 */
import { availableParallelism } from 'node:os';
import { RecipeStore, readManifest, trainBatches } from '../data/index.js';
import { Random } from '../util/random.js';
import type { NotebookRun, NotebookScale } from './notebook_run.js';
import type { OptionOverrides } from './option_overrides.js';

interface ScaleTarget {
  batchSize: number;
  epochs: number;
  /** Bags of the 1k setup when a split holds at least two of them. */
  bags: number;
  /** Bags of a split too small for two bags of 1,000. */
  smallSplitBags: number;
  maxBatchesPerEpoch: number | null;
  smallModel: boolean;
  /** engine.patience: evaluations without a better validation R@1 before training stops (null: all epochs). */
  patience: number | null;
  /** Seeds per configuration where a notebook compares configurations. */
  seeds: number;
  /** Experiments trained side by side, one single-threaded process per core (false: one at a time, engine.workers as configured). */
  sideBySide: boolean;
}

export const SCALE_TARGETS: Record<NotebookScale, ScaleTarget> = {
  full: { batchSize: 100, epochs: 80, bags: 10, smallSplitBags: 5, maxBatchesPerEpoch: null, smallModel: false, patience: 10, seeds: 3, sideBySide: false },
  // Epochs of 60 batches of 100 (6,000 pairs, about 60% of the sampler's epoch), each validated, at most 60
  // (3,600 batches). A patience of 10 evaluations (600 batches without a better validation R@1): with 5, a
  // pilot stopped pairwise seed 1338 at 17.8% while still rising (seed 1339 went on to 20.0%), since fewer
  // evaluations give the noise fewer chances to set a new best. Validating every 60 batches instead of every
  // 30 halves its share of the time (measured alone: 2.5 s to train 30 batches, 0.77 s to validate), which
  // pays for the longer horizon: notebook 02 (19 runs, two side by side) took 3,262 s on a quiet 2-core
  // machine, 15 of the 18 runs of its table at a plateau.
  demo: { batchSize: 100, epochs: 60, bags: 10, smallSplitBags: 5, maxBatchesPerEpoch: 60, smallModel: true, patience: 10, seeds: 3, sideBySide: true },
  smoke: { batchSize: 20, epochs: 2, bags: 2, smallSplitBags: 2, maxBatchesPerEpoch: 3, smallModel: true, patience: null, seeds: 2, sideBySide: true },
};

/** Pairs per bag of the 1k setup. */
export const BAG_SIZE = 1000;
/** A smaller bag ranks too few candidates to say anything; below this many pairs a split is one bag. */
export const MIN_PAIRS_PER_BAG = 10;
/** The smallest batch tried: one same-class pair and two background pairs. */
export const MIN_BATCH_SIZE = 4;
/** An epoch should make at least this many updates. */
export const MIN_BATCHES_PER_EPOCH = 2;

export interface BagPlan {
  nbBags: number;
  perBag: number;
  why: string;
}

/**
 * Disjoint bags for a split of `pairs` pairs: the 1k setup (up to the
 * scale's number of bags of 1,000) when the split holds two bags of 1,000;
 * otherwise the scale's number of smaller bags, fewer when a bag would fall
 * under 10 pairs, and one bag of the whole split when it has fewer than 20.
 */
export function bagSetup(scale: NotebookScale, pairs: number, split: string): BagPlan {
  if (!Number.isInteger(pairs) || pairs < 2) throw new Error(`the ${split} split has ${pairs} pairs: evaluation ranks at least 2`);
  const target = SCALE_TARGETS[scale];
  if (pairs >= 2 * BAG_SIZE) {
    const nbBags = Math.min(target.bags, Math.floor(pairs / BAG_SIZE));
    return { nbBags, perBag: BAG_SIZE, why: `${split}: ${nbBags} bags of ${BAG_SIZE} (${pairs} pairs)` };
  }
  const nbBags = Math.max(1, Math.min(target.smallSplitBags, Math.floor(pairs / MIN_PAIRS_PER_BAG)));
  const perBag = Math.floor(pairs / nbBags);
  const reason = nbBags < target.smallSplitBags ? `; ${target.smallSplitBags} bags would hold fewer than ${MIN_PAIRS_PER_BAG} pairs each` : '';
  return { nbBags, perBag, why: `${split}: ${nbBags} bag${nbBags > 1 ? 's' : ''} of ${perBag} (${pairs} pairs, fewer than 2 bags of ${BAG_SIZE}${reason})` };
}

export interface BatchPlan {
  batchSize: number;
  /** The fewest batches the sampler makes in the first epochs with it. */
  batchesPerEpoch: number;
  why: string;
}

/** Batches per epoch with this batch size: the fewest over the first 3 epochs' seeded plans. */
export function batchesPerEpoch(classes: Int32Array, batchSize: number, seed: number): number {
  let fewest = Number.POSITIVE_INFINITY;
  for (let epoch = 0; epoch < 3; epoch++) fewest = Math.min(fewest, trainBatches(classes, batchSize, new Random(seed + epoch)).length);
  return fewest;
}

/**
 * The largest batch size up to `target` for which the training sampler
 * makes at least 2 batches an epoch on these classes (one per training
 * pair, 0 = background); when none does, the one that makes the most. A
 * split the sampler cannot cut into any batch is an error.
 */
export function chooseBatchSize(classes: Int32Array, target: number, seed: number): BatchPlan {
  const n = classes.length;
  const classedPairs = (() => {
    const counts = new Map<number, number>();
    for (const c of classes) if (c !== 0) counts.set(c, (counts.get(c) ?? 0) + 1);
    let pairs = 0;
    for (const k of counts.values()) pairs += Math.floor(k / 2);
    return pairs;
  })();
  const about = `${n} training pairs, ${classedPairs} same-class pairs`;
  const atTarget = batchesPerEpoch(classes, target, seed);
  if (atTarget >= MIN_BATCHES_PER_EPOCH) return { batchSize: target, batchesPerEpoch: atTarget, why: `batch ${target}: ${atTarget} batches per epoch (${about})` };
  let best = { batchSize: target, batchesPerEpoch: atTarget };
  for (let b = target - 1; b >= MIN_BATCH_SIZE; b--) {
    const count = batchesPerEpoch(classes, b, seed);
    if (count >= MIN_BATCHES_PER_EPOCH) {
      best = { batchSize: b, batchesPerEpoch: count };
      break;
    }
    if (count > best.batchesPerEpoch) best = { batchSize: b, batchesPerEpoch: count };
  }
  if (best.batchesPerEpoch === 0) {
    throw new Error(`the training split (${about}) gives the sampler no batch of any size from ${target} down to ${MIN_BATCH_SIZE}`);
  }
  return {
    ...best,
    why: `batch ${best.batchSize} instead of ${target}: ${best.batchesPerEpoch} batch${best.batchesPerEpoch > 1 ? 'es' : ''} per epoch, where ${target} gives ${atTarget} (${about})`,
  };
}

export interface TrainingBudget {
  /** The options every configuration gets on top of its option file. */
  overrides: OptionOverrides;
  /** One line per choice, with its reason. */
  choices: string[];
  batch: BatchPlan;
  epochs: number;
  patience: number | null;
  /** The seeds of each compared configuration: the run's seed, then the next ones. */
  seeds: number[];
  /** Experiments to train at a time (ensureExperiments' `parallel`). */
  parallel: number;
  valBags: BagPlan;
  testBags: BagPlan;
}

const SMALL_NETWORK = { word_dim: 64, ingredient_hidden: 64, sentence_hidden: 64, instruction_hidden: 128, embedding_dim: 128 };
const SMALL_MODEL_LR = 1e-3;

/** The budget from the split sizes and the training classes (the pure part of trainingBudget). */
export function budgetFor(
  scale: NotebookScale,
  preparedDir: string,
  splits: { trainClasses: Int32Array; valPairs: number; testPairs: number },
  run: { seed: number; epochs: number | null; seeds?: number | null },
  cores = availableParallelism(),
): TrainingBudget {
  const target = SCALE_TARGETS[scale];
  const batch = chooseBatchSize(splits.trainClasses, target.batchSize, run.seed);
  const valBags = bagSetup(scale, splits.valPairs, 'val');
  const testBags = bagSetup(scale, splits.testPairs, 'test');
  const epochs = run.epochs ?? target.epochs;
  const nbSeeds = run.seeds ?? target.seeds;
  if (!Number.isInteger(nbSeeds) || nbSeeds < 1) throw new Error(`parameter seeds: ${nbSeeds} is not an integer >= 1 (0: the scale's)`);
  const seeds = Array.from({ length: nbSeeds }, (_, i) => run.seed + i);
  const parallel = target.sideBySide ? Math.max(1, cores) : 1;
  const overrides: OptionOverrides = {
    dataset: { dir: preparedDir, batch_size: batch.batchSize },
    model: {
      metric: { nb_bags: valBags.nbBags, nb_matchs_per_bag: valBags.perBag },
      ...(target.smallModel ? { network: SMALL_NETWORK } : {}),
    },
    engine: {
      nb_epochs: epochs,
      progress: false,
      patience: target.patience,
      ...(target.maxBatchesPerEpoch === null ? {} : { max_batches_per_epoch: target.maxBatchesPerEpoch }),
      ...(parallel > 1 ? { workers: 1 } : {}),
    },
    misc: { seed: run.seed },
    ...(target.smallModel ? { optimizer: { lr: SMALL_MODEL_LR } } : {}),
  };
  const choices = [
    batch.why,
    `${epochs} epochs${run.epochs === null ? ` (the ${scale} scale's)` : ''}${target.maxBatchesPerEpoch === null ? '' : `, at most ${target.maxBatchesPerEpoch} batches each`}` +
      (target.patience === null ? ', no early stopping' : `, early stopping when val R@1 image→recipe has not improved for ${target.patience} evaluations (engine.patience)`),
    `${nbSeeds} seed${nbSeeds > 1 ? 's' : ''} per compared configuration (${seeds.join(', ')})`,
    parallel > 1
      ? `${parallel} experiments at a time, one single-threaded process (engine.workers 1) per core: measured on a quiet 2-core machine, two such runs of avg (10 epochs of 30 batches, each validated) finished together in 48.3 s, where one run with engine.workers 2 took 35.1 s: 1.45× the work per unit of time`
      : 'one experiment at a time, engine.workers as configured',
    `validation during training, ${valBags.why}`,
    `test evaluation, ${testBags.why}`,
    target.smallModel ? 'model: the demo widths (64/64/64/128, 128-d embeddings), lr 1e-3' : "model: the paper's configuration",
  ];
  return { overrides, choices, batch, epochs, patience: target.patience, seeds, parallel, valBags, testBags };
}

/** The budget of a run on a prepared store: reads its manifest and its training split's classes. */
export function trainingBudget(run: NotebookRun, preparedDir: string, opts: { seeds?: number | null } = {}): TrainingBudget {
  const manifest = readManifest(preparedDir);
  const train = RecipeStore.open(preparedDir, 'train');
  try {
    return budgetFor(run.scale, preparedDir, { trainClasses: train.classes, valPairs: manifest.splits.val.pairs, testPairs: manifest.splits.test.pairs }, { ...run, seeds: opts.seeds });
  } finally {
    train.close();
  }
}
