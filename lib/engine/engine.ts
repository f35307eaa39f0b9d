/**
 * The training engine: `trainEpoch` (one pass of training steps, with the
 * optimizer) and `evaluate` (one pass without gradients, then the metrics;
 * no optimizer), typed hooks around them, and `train()`, the loop that runs
 * epochs, tracks the best value of each saving criterion and has a
 * checkpoint saved after each. Each epoch's sampler and image picks are
 * seeded from (seed, epoch, batch), so a resumed run (even from the middle
 * of an epoch) continues exactly as an uninterrupted one.
 *
 * Where a save goes is not the engine's business: an `EngineSaver` writes
 * it (the experiment folder's, lib/experiment/folder_saver.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import { parseCriterion } from './engine_options.js';
import { batchLabel, epochLabel, positionLabel } from './epochs.js';
import { checkpointVariables } from './named_variables.js';
import { freshState, type EngineState, type EpochAccumulator } from './state.js';
import type { Criterion, TermStats } from '../losses/index.js';
import { DIRECTIONS, loggedMetricKey, medianRankKey, RECALL_KS, recallKey } from '../metrics/index.js';
import type { BatchSource, EmbeddingModel } from './parts.js';
import { ProgressBar } from '../util/progress.js';
import { EmbeddingCollector } from './split_embeddings.js';
import { NonFiniteLossError, forwardStep, trainStep, type StepResult } from './train_step.js';
import { ReplicaFailedError, type ReplicaSteps } from './parallel/data_parallel.js';

export type Mode = 'train' | 'eval';

export interface BatchEndContext {
  mode: Mode;
  epoch: number;
  batchIndex: number;
  nbBatches: number;
  loss: number;
  terms: TermStats[];
  /** Training only: before clipping. */
  gradNorm: number | null;
  /** Training only: the step's parameter change, ||Δθ|| and ||Δθ|| / ||θ||. */
  update: { norm: number; ratio: number } | null;
  pairs: number;
  seconds: number;
}

export interface EpochEndContext {
  mode: Mode;
  epoch: number;
  /** Means over the epoch's batches (loss, grad_norm, update_norm, update_ratio, term.<name>.loss, ...). */
  stats: Record<string, number>;
  /** Evaluation only: the retrieval metrics. */
  metrics: Record<string, number> | null;
}

/** Hooks observe; `engine.requestStop()` from a hook ends training after the current batch. */
export interface EngineHooks {
  onBatchEnd?(ctx: BatchEndContext, engine: Engine): void;
  onEpochEnd?(ctx: EpochEndContext, engine: Engine): void;
}

/**
 * Embeddings of a whole evaluated split, rows sorted by store index (the
 * order of the prepared split, whatever the batches were): the metrics'
 * bags index these rows, and `recipe1m extract` writes them as they are.
 */
export interface SplitEmbeddings {
  count: number;
  dim: number;
  /** Store index of each row (increasing). */
  indices: number[];
  recipeIds: string[];
  imageIds: string[];
  images: Float32Array;
  recipes: Float32Array;
}

export type Evaluate = (emb: SplitEmbeddings) => Record<string, number> | Promise<Record<string, number>>;

/** Where the engine logs: numeric series by key, and lines for the reader. */
export interface RunLog {
  log(key: string, value: number): void;
  info(line: string): void;
  get(key: string): readonly number[];
  /** A named remark kept with the logs (e.g. why the run stopped early). */
  note(name: string, text: string): void;
}

/** What a save holds: the state reached, the criteria that improved, the variables by name and the optimizer's state. */
export interface SaveRequest {
  /** With the run's seed and options hash. */
  state: EngineState;
  /** Saving criteria that improved this epoch: each gets its best checkpoint. */
  improved: readonly string[];
  /** checkpointVariables of the model and the loss. */
  variables: Map<string, tf.Variable>;
  optimizer: tf.Optimizer;
}

/** Writes a checkpoint (`last`, and `best_<key>` for each improved key) with the logs; returns the state as saved (its token and time). */
export interface EngineSaver {
  save(request: SaveRequest): Promise<EngineState>;
}

export interface EngineSettings {
  nbEpochs: number;
  lr: number;
  clipGrad: number | null;
  seed: number;
  evalFreq: number;
  maxBatchesPerEpoch: number | null;
  progress: boolean;
  /** `key:max|min` entries. */
  savingCriteria: string[];
  /** Early stopping: evaluations without improvement of the first saving criterion; null or absent: off. */
  patience?: number | null;
  optionsHash: string;
}

export interface EngineParts {
  logger: RunLog;
  model: EmbeddingModel;
  criterion: Criterion;
  /** Training only: an evaluation applies no step, so it has none (null). */
  optimizer: tf.Optimizer | null;
  /** Training only: where each epoch's checkpoint goes. */
  saver: EngineSaver | null;
  train: BatchSource | null;
  eval: BatchSource | null;
  evaluate: Evaluate;
  settings: EngineSettings;
  /** Where training stands: a fresh state or the one restored from a checkpoint. */
  state: EngineState;
  /** The checkpoint `state` was restored from (null: a fresh run). */
  restoredFrom?: string | null;
  hooks?: EngineHooks[];
  /** Data-parallel replicas that take the steps (engine.workers > 1); absent: this thread does. */
  replicas?: ReplicaSteps | null;
}

/** `nothing`: training was already at engine.nb_epochs; nothing was trained or written. */
export type TrainOutcome = 'finished' | 'interrupted' | 'nothing';

/** The note in logs.json that says why and after which epoch early stopping ended training. */
export const EARLY_STOP_NOTE = 'engine.early_stop';

/** Training stopped on a non-finite loss; nothing of that step was applied. */
export class TrainingDivergedError extends Error {
  constructor(message: string, readonly epoch: number, readonly batchIndex: number) {
    super(message);
    this.name = 'TrainingDivergedError';
  }
}

/** A training epoch without a single batch: refused before anything is trained or saved. */
export class EmptyEpochError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmptyEpochError';
  }
}

export { freshState };

function emptyAccumulator(): EpochAccumulator {
  return { batches: 0, pairs: 0, seconds: 0, sums: {} };
}

function accumulate(acc: EpochAccumulator, values: Record<string, number>, pairs: number, seconds: number): void {
  acc.batches++;
  acc.pairs += pairs;
  acc.seconds += seconds;
  for (const [k, v] of Object.entries(values)) acc.sums[k] = (acc.sums[k] ?? 0) + v;
}

function batchValues(loss: number, terms: readonly TermStats[], gradNorm: number | null, update: BatchEndContext['update']): Record<string, number> {
  const out: Record<string, number> = { loss };
  if (gradNorm !== null) out.grad_norm = gradNorm;
  if (update !== null) {
    out.update_norm = update.norm;
    out.update_ratio = update.ratio;
  }
  for (const t of terms) {
    out[`term.${t.name}.loss`] = t.loss;
    out[`term.${t.name}.active_fraction`] = t.activeFraction;
    out[`term.${t.name}.triplets`] = t.triplets;
    for (const [k, v] of Object.entries(t.probes ?? {})) out[`term.${t.name}.${k}`] = v;
  }
  return out;
}

function epochStats(acc: EpochAccumulator): Record<string, number> {
  const stats: Record<string, number> = {};
  for (const [k, v] of Object.entries(acc.sums)) stats[k] = v / Math.max(1, acc.batches);
  stats.time = acc.seconds;
  stats.pairs_per_s = acc.pairs / Math.max(1e-9, acc.seconds);
  return stats;
}

function meanActive(terms: readonly TermStats[]): number {
  return terms.length ? terms.reduce((a, t) => a + t.activeFraction, 0) / terms.length : NaN;
}

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export class Engine {
  readonly parts: EngineParts;
  state: EngineState;
  private stopRequested = false;
  private readonly hooks: EngineHooks[];
  private readonly criteria: { key: string; mode: 'max' | 'min' }[];
  /** The last complete checkpoint in the folder that this run continues: the one restored, then each save of this run. */
  private kept: { tag: string; epoch: number; batchInEpoch: number } | null;
  private savesByThisRun = 0;

  constructor(parts: EngineParts) {
    this.parts = parts;
    this.state = structuredClone(parts.state);
    this.hooks = parts.hooks ?? [];
    this.criteria = parts.settings.savingCriteria.map(parseCriterion);
    this.kept = parts.restoredFrom ? { tag: parts.restoredFrom, epoch: parts.state.epoch, batchInEpoch: parts.state.batchInEpoch } : null;
  }

  /** Whether this run has saved a checkpoint yet. */
  get saved(): boolean {
    return this.savesByThisRun > 0;
  }

  /** Ends training after the current batch, with ckpt_last written (SIGINT/SIGTERM, or a hook). */
  requestStop(): void {
    this.stopRequested = true;
  }

  get stopping(): boolean {
    return this.stopRequested;
  }

  /** The variables trained, in a stable order (Adam's state is positional): the model's, then the loss's own. */
  trainedVariables(): tf.Variable[] {
    const { model, criterion } = this.parts;
    return [...model.trainableVariables(), ...criterion.namedVariables.values()];
  }

  /** The batches of training epoch `epoch`; an epoch without any is an EmptyEpochError naming the split and batch sizes. */
  trainPlan(epoch: number): ArrayLike<number>[] {
    const source = this.parts.train;
    if (!source) throw new Error('no dataset.train_split is configured');
    let plan = source.plan(epoch);
    if (this.parts.settings.maxBatchesPerEpoch !== null) plan = plan.slice(0, this.parts.settings.maxBatchesPerEpoch);
    if (plan.length > 0) return plan;
    const { split, size, batchSize } = source;
    const why =
      size === 0
        ? 'the split is empty (prepare kept none of its recipes: see the skipped counts in the prepared manifest.json)'
        : size < batchSize
          ? `a batch needs more pairs than the split holds: set dataset.batch_size to ${size} or less`
          : 'its batch plan is empty';
    throw new EmptyEpochError(`training ${epochLabel(epoch)} has no batch: the ${split} split has ${size} pairs and the batch size is ${batchSize}; ${why}. Nothing was trained or saved`);
  }

  /**
   * One training pass over epoch `epoch`, from `state.batchInEpoch` (non-zero
   * after an interrupted epoch); null when stopped early.
   */
  async trainEpoch(epoch: number): Promise<{ stats: Record<string, number> } | null> {
    const { logger, model, criterion, optimizer, settings, replicas } = this.parts;
    const source = this.parts.train;
    if (!source) throw new Error('trainEpoch: no dataset.train_split is configured');
    if (!optimizer) throw new Error('trainEpoch: this engine was built for evaluation, without an optimizer');
    const plan = this.trainPlan(epoch);
    const acc = this.state.partial ? structuredClone(this.state.partial) : emptyAccumulator();
    const variables = this.trainedVariables();
    const bar = new ProgressBar(progressLabel('train', source.split, epoch, settings.nbEpochs), plan.length, { enabled: settings.progress });
    for (let b = this.state.batchInEpoch; b < plan.length; b++) {
      const t0 = performance.now();
      const batch = source.load(plan[b], epoch, b);
      let step: StepResult;
      try {
        step = replicas ? await replicas.trainStep(batch, variables, settings.clipGrad) : trainStep(model, criterion, optimizer, variables, batch, settings.clipGrad);
      } catch (err) {
        const where = `${epochLabel(epoch, settings.nbEpochs)}, ${batchLabel(b, plan.length)}`;
        if (err instanceof ReplicaFailedError) throw new Error(`training stopped in ${where}: ${err.message}; the step was not applied and ${this.keptLine()}`, { cause: err });
        if (!(err instanceof NonFiniteLossError)) throw err;
        throw new TrainingDivergedError(`training diverged in ${where}: ${err.message}; the step was not applied and ${this.keptLine()}`, epoch, b);
      }
      const { loss, terms, gradNorm } = step;
      const update = { norm: step.updateNorm, ratio: step.updateRatio };
      const seconds = (performance.now() - t0) / 1000;
      const values = batchValues(loss, terms, gradNorm, update);
      accumulate(acc, values, batch.size, seconds);
      logger.log('train_batch.epoch', epoch);
      logger.log('train_batch.batch', b);
      for (const [k, v] of Object.entries(values)) logger.log(`train_batch.${k}`, v);
      logger.log('train_batch.lr', settings.lr);
      logger.log('train_batch.time', seconds);
      this.state.batchInEpoch = b + 1;
      this.state.partial = acc;
      this.batchEnd(bar, acc, { mode: 'train', epoch, batchIndex: b, nbBatches: plan.length, loss, terms, gradNorm, update, pairs: batch.size, seconds });
      await yieldToEventLoop();
      if (this.stopRequested && b + 1 < plan.length) {
        bar.end();
        return null;
      }
    }
    bar.end();
    return { stats: epochStats(acc) };
  }

  /** One pass over the eval split without gradients: the loss statistics and the split's embeddings. */
  private async evalPass(epoch: number): Promise<{ stats: Record<string, number>; embeddings: SplitEmbeddings }> {
    const { model, criterion, settings, replicas } = this.parts;
    const source = this.parts.eval;
    if (!source) throw new Error('evaluate: no dataset.eval_split is configured');
    const plan = source.plan(epoch);
    const acc = emptyAccumulator();
    const collector = new EmbeddingCollector(plan);
    const bar = new ProgressBar(progressLabel('eval', source.split, epoch, settings.nbEpochs), plan.length, { enabled: settings.progress });
    for (let b = 0; b < plan.length; b++) {
      const t0 = performance.now();
      const batch = source.load(plan[b], epoch, b);
      const out = replicas ? await replicas.forwardStep(batch) : forwardStep(model, criterion, batch);
      collector.add(batch, out);
      const seconds = (performance.now() - t0) / 1000;
      accumulate(acc, batchValues(out.loss, out.terms, null, null), batch.size, seconds);
      this.batchEnd(bar, acc, { mode: 'eval', epoch, batchIndex: b, nbBatches: plan.length, loss: out.loss, terms: out.terms, gradNorm: null, update: null, pairs: batch.size, seconds });
      await yieldToEventLoop();
    }
    bar.end();
    return { stats: epochStats(acc), embeddings: collector.result() };
  }

  private batchEnd(bar: ProgressBar, acc: EpochAccumulator, ctx: BatchEndContext): void {
    bar.update(ctx.batchIndex + 1, {
      loss: (acc.sums.loss / acc.batches).toFixed(4),
      active: meanActive(ctx.terms).toFixed(3),
      'pairs/s': (acc.pairs / acc.seconds).toFixed(1),
    });
    for (const h of this.hooks) h.onBatchEnd?.(ctx, this);
  }

  /** Evaluates the current model on the eval split and logs `eval_epoch.*` under `epoch`. */
  async evaluate(epoch: number): Promise<{ stats: Record<string, number>; metrics: Record<string, number>; embeddings: SplitEmbeddings }> {
    const { logger } = this.parts;
    const out = await this.evalPass(epoch);
    const metrics = await this.parts.evaluate(out.embeddings);
    logger.log('eval_epoch.epoch', epoch);
    for (const [k, v] of Object.entries(out.stats)) logger.log(`eval_epoch.${k}`, v);
    for (const [k, v] of Object.entries(metrics)) logger.log(loggedMetricKey(k), v);
    for (const h of this.hooks) h.onEpochEnd?.({ mode: 'eval', epoch, stats: out.stats, metrics }, this);
    return { stats: out.stats, metrics, embeddings: out.embeddings };
  }

  /** The eval split's loss statistics and embeddings at `epoch`, without logging or metrics (extraction). */
  embedEvalSplit(epoch: number): Promise<{ stats: Record<string, number>; embeddings: SplitEmbeddings }> {
    return this.evalPass(epoch);
  }

  /** What the folder keeps when the run stops without saving. */
  private keptLine(): string {
    if (!this.kept) return 'no checkpoint was written yet: nothing of this run is kept';
    const at = `ckpt_${this.kept.tag} (${positionLabel(this.kept.epoch, this.kept.batchInEpoch)})`;
    return `nothing after ${at} was saved; the folder still holds that checkpoint and the logs up to it`;
  }

  /**
   * Trains from `state.epoch` to `nbEpochs`, evaluating every `evalFreq`
   * epochs; after each epoch saves ckpt_last, the improved ckpt_best_* and
   * the logs in one commit, then calls `onSaved`. Returns 'interrupted' when
   * stopped (ckpt_last then holds the position inside the epoch).
   */
  async train(onSaved?: () => void): Promise<TrainOutcome> {
    const { logger, settings } = this.parts;
    if (!this.parts.train) throw new Error('train(): dataset.train_split is empty; use `recipe1m eval` to evaluate only');
    if (!this.parts.optimizer || !this.parts.saver) throw new Error('train(): this engine was built for evaluation, without an optimizer or a saver');
    if (this.state.epoch >= settings.nbEpochs) return 'nothing';
    const stoppedBefore = this.earlyStopReason();
    if (stoppedBefore !== null) {
      logger.info(`early stopping: training already ended (${stoppedBefore}); nothing to train`);
      return 'nothing';
    }
    if (this.parts.train.note) logger.info(`note: ${this.parts.train.note}`);
    while (this.state.epoch < settings.nbEpochs) {
      const epoch = this.state.epoch;
      const trained = await this.trainEpoch(epoch);
      if (trained === null) {
        await this.save([]);
        onSaved?.();
        logger.info(`interrupted in ${epochLabel(epoch, settings.nbEpochs)}: ckpt_last written ${positionLabel(epoch, this.state.batchInEpoch)}; continue with --exp.resume last`);
        return 'interrupted';
      }
      logger.log('train_epoch.epoch', epoch);
      for (const [k, v] of Object.entries(trained.stats)) logger.log(`train_epoch.${k}`, v);
      logger.log('train_epoch.lr', settings.lr);
      for (const h of this.hooks) h.onEpochEnd?.({ mode: 'train', epoch, stats: trained.stats, metrics: null }, this);
      const isLast = epoch + 1 === settings.nbEpochs;
      const evaluated = this.parts.eval && ((epoch + 1) % settings.evalFreq === 0 || isLast) ? await this.evaluate(epoch) : null;
      logger.info(epochLine(epoch, settings.nbEpochs, trained.stats, evaluated));
      this.state = { ...this.state, epoch: epoch + 1, batchInEpoch: 0, partial: null };
      const improved = evaluated ? this.updateBest(epoch) : [];
      const stop = evaluated && this.state.epoch < settings.nbEpochs ? this.earlyStopReason() : null;
      if (stop !== null) logger.note(EARLY_STOP_NOTE, `stopped after ${epochLabel(epoch, settings.nbEpochs)}: ${stop}`);
      await this.save(improved);
      if (improved.length) logger.info(`  new best: ${improved.join(', ')} (ckpt_best_* written)`);
      onSaved?.();
      if (stop !== null) {
        logger.info(`early stopping after ${epochLabel(epoch, settings.nbEpochs)}: ${stop}`);
        return 'finished';
      }
      if (this.stopRequested && this.state.epoch < settings.nbEpochs) {
        logger.info(`interrupted after ${epochLabel(epoch, settings.nbEpochs)}: ckpt_last written; continue with --exp.resume last`);
        return 'interrupted';
      }
    }
    return 'finished';
  }

  /**
   * Why early stopping ends training now (the first saving criterion has not
   * improved for engine.patience evaluations), or null. Read from the logged
   * evaluations and `state.best` alone, so a resumed run decides the same.
   */
  private earlyStopReason(): string | null {
    const patience = this.parts.settings.patience ?? null;
    if (patience === null || this.criteria.length === 0) return null;
    const { key } = this.criteria[0];
    const best = this.state.best[key];
    if (!best) return null;
    const since = this.parts.logger.get('eval_epoch.epoch').filter((e) => e > best.epoch).length;
    if (since < patience) return null;
    return `${key} has not improved for ${since} evaluations (engine.patience ${patience}); its best, ${best.value}, was after ${epochLabel(best.epoch)}`;
  }

  /** Updates `state.best` from the values just logged; returns the keys that improved. */
  private updateBest(epoch: number): string[] {
    const improved: string[] = [];
    for (const { key, mode } of this.criteria) {
      const series = this.parts.logger.get(key);
      const value = series[series.length - 1];
      if (value === undefined || !Number.isFinite(value)) continue;
      const best = this.state.best[key];
      if (!best || (mode === 'max' ? value > best.value : value < best.value)) {
        this.state.best = { ...this.state.best, [key]: { value, epoch } };
        improved.push(key);
      }
    }
    return improved;
  }

  /** One save through the saver: ckpt_last, and ckpt_best_<key> for each improved key. */
  private async save(improved: readonly string[]): Promise<void> {
    const { model, criterion, optimizer, saver, settings } = this.parts;
    if (!optimizer || !saver) throw new Error('save: this engine was built for evaluation, without an optimizer or a saver');
    this.parts.replicas?.syncToMain();
    const variables = checkpointVariables(model.namedVariables(), criterion.namedVariables);
    const { commit: _c, ...current } = this.state;
    this.state = await saver.save({ state: { ...current, seed: settings.seed, optionsHash: settings.optionsHash }, improved, variables, optimizer });
    this.savesByThisRun++;
    this.kept = { tag: 'last', epoch: this.state.epoch, batchInEpoch: this.state.batchInEpoch };
  }
}

function fmt(x: number | undefined, digits = 3): string {
  return x === undefined ? '-' : x.toFixed(digits);
}

/**
 * The progress bar's label: "epoch 7 of 10, training on train", "epoch 7 of
 * 10, evaluating on val"; an evaluation of a checkpoint before any training
 * (index -1) reads "untrained model, evaluating on val".
 */
export function progressLabel(mode: Mode, split: string, epoch: number, nbEpochs: number): string {
  const when = epoch < 0 ? 'untrained model' : epochLabel(epoch, nbEpochs);
  return `${when}, ${mode === 'train' ? 'training' : 'evaluating'} on ${split}`;
}

/** The one line per epoch: train loss, eval loss and the retrieval metrics of both directions. */
export function epochLine(
  epoch: number,
  nbEpochs: number,
  train: Record<string, number>,
  evaluated: { stats: Record<string, number>; metrics: Record<string, number> } | null,
): string {
  let line = `${epochLabel(epoch, nbEpochs)}  train loss ${fmt(train.loss, 4)} (${fmt(train.time, 1)} s, ${fmt(train.pairs_per_s, 1)} pairs/s)`;
  if (evaluated) {
    const m = evaluated.metrics;
    line += `  eval loss ${fmt(evaluated.stats.loss, 4)}`;
    for (const d of DIRECTIONS) {
      line += `  ${d}: MedR ${fmt(m[medianRankKey(d)], 1)}${RECALL_KS.map((k) => ` R@${k} ${fmt(m[recallKey(k, d)])}`).join('')}`;
    }
  }
  return line;
}
