/**
 * An engine over a tiny AdaMine and the synthetic dataset, writing into a
 * folder: for the resume, divergence and optimizer tests.
 */
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { backendInfo, initBackend } from '../../lib/backend/index.js';
import { Engine, freshState, type EngineHooks, type Evaluate } from '../../lib/engine/engine.js';
import { ExperimentLogger, readLogs } from '../../lib/experiment/logger.js';
import { folderSaver } from '../../lib/experiment/folder_saver.js';
import { restoreTraining } from '../../lib/experiment/restore_training.js';
import { defaults } from '../../lib/options/index.js';
import { buildCriterion, criterionSchema } from '../../lib/losses/index.js';
import { dotEngineFor, retrievalMetrics } from '../../lib/metrics/index.js';
import { AdaMine } from '../../lib/model/index.js';
import { CLASSES, FEATURE_DIM, TINY_NETWORK as NETWORK, VOCAB, syntheticItems, syntheticSource } from './synthetic.js';

export const SEED = 7;
const trainItems = syntheticItems(60, 1);
const evalItems = syntheticItems(40, 2);

export interface TinyEngineOptions {
  /** A fresh optimizer per engine (a resumed one gets its state from the checkpoint). */
  optimizer: () => tf.Optimizer;
  lr: number;
  clipGrad?: number | null;
  hooks?: EngineHooks[];
  /** An engine that only evaluates: no optimizer, no saver. */
  evaluationOnly?: boolean;
  /** engine.patience (default: off). */
  patience?: number | null;
  /** Replaces the retrieval metrics of each evaluation (scripted values for early-stopping tests). */
  evaluate?: Evaluate;
  /** Receives what the engine prints. */
  echo?: (line: string) => void;
}

/** 6 training batches of 10 per epoch, 4 evaluation batches, evaluated every epoch. */
export async function makeEngine(dir: string, nbEpochs: number, resume: string | null, o: TinyEngineOptions): Promise<Engine> {
  await initBackend();
  const model = new AdaMine(NETWORK, { vocabSize: VOCAB, nClasses: CLASSES, featureDim: FEATURE_DIM, sentenceDim: 0 }, SEED);
  const criterion = buildCriterion(defaults(criterionSchema));
  const optimizer = o.evaluationOnly ? null : o.optimizer();
  const logs = resume !== null ? readLogs(join(dir, 'logs.json')) : { series: {}, notes: {} };
  const logger = new ExperimentLogger(dir, null, { echo: o.echo ?? (() => {}), series: logs.series, notes: logs.notes });
  const settings = {
    nbEpochs,
    lr: o.lr,
    clipGrad: o.clipGrad === undefined ? 8 : o.clipGrad,
    seed: SEED,
    evalFreq: 1,
    maxBatchesPerEpoch: null,
    progress: false,
    savingCriteria: ['eval_epoch.metric.recall_at_1_im2recipe_mean:max', 'eval_epoch.metric.med_im2recipe_mean:min'],
    patience: o.patience ?? null,
    optionsHash: 'test',
  };
  let state = freshState(SEED, 'test');
  if (resume !== null) state = await restoreTraining(dir, resume, model.namedVariables(), criterion.namedVariables, optimizer);
  return new Engine({
    logger,
    saver: o.evaluationOnly ? null : folderSaver(dir, logger),
    model,
    criterion,
    optimizer,
    train: syntheticSource('train', trainItems, 10, SEED, true),
    eval: syntheticSource('val', evalItems, 10, SEED, false),
    evaluate: o.evaluate ?? ((e) => retrievalMetrics(e, { nb_bags: 2, nb_matchs_per_bag: 20, protocol: 'disjoint', seed: 3, dot: dotEngineFor(backendInfo().name) }).values),
    settings,
    state,
    hooks: o.hooks,
  });
}
