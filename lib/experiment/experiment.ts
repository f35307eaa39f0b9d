/**
 * The runs behind the commands, as functions other code (notebooks, the
 * demo, search) calls directly: `trainExperiment`, `evaluateExperiment`,
 * `extractExperiment` and `restoreExperiment`. Each reads like the recipe
 * of its command: options → folder → parts → checkpoint → engine → files.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { backendInfo, backendLines, describeBackend, describeDevice, initBackend, type BackendInfo, type BackendName } from '../backend/index.js';
import type { Manifest, RecipeStore } from '../data/index.js';
import type { Split } from '../data/types.js';
import type { Criterion } from '../losses/index.js';
import { DEFAULT_BAG_SEEDS, DIRECTIONS, LOGGED_METRIC_PREFIX, loggedMetricKey, medianRankKey, RECALL_KS, rankBagsOnThreads, recallKey, retrievalMetricsWith, type BagStatistic } from '../metrics/index.js';
import type { AdaMine } from '../model/index.js';
import { readEmbeddingsIndex, writeEmbeddings, type EmbeddingsMetric } from './embeddings_io.js';
import { durableFileOps, type FileOps } from '../util/atomic_write.js';
import { checkpointTags, type EngineState } from './checkpoint.js';
import { committedPath } from './commit.js';
import { DEFAULT_SAVING_CRITERIA } from '../engine/engine_options.js';
import { Engine, freshState, type EngineHooks, type Evaluate, type SplitEmbeddings, type TrainOutcome } from '../engine/engine.js';
import { OPTIONS_FILE, abandonExperimentDir, checkExperimentDir, optionsFileText, recoverExperimentDir, startExperimentDir } from './experiment_dir.js';
import { ExperimentLogger, readLogsIfAny, truncateSeries, type Notes, type Series } from './logger.js';
import { optionsHash } from '../options/index.js';
import { loadOptions, type LoadedOptions, type Options } from '../engine/options_schema.js';
import { buildParts, checkBags, type RunParts } from './parts_builder.js';
import { restoreTraining } from './restore_training.js';
import { batchLimits, embedRestOfSplit, embeddingsSource, reusableEmbeddings, sourceMismatch, type RestOfSplit } from './extraction.js';
import { evalSource, trainSource } from '../engine/store_source.js';
import { writeExperimentView } from './view.js';
import { folderSaver } from './folder_saver.js';
import { buildOptimizer } from '../engine/optimizer.js';
import { positionLabel } from '../engine/epochs.js';
import { DataParallel } from '../engine/parallel/data_parallel.js';

export interface RunHooks {
  /** Engine hooks (observe batches and epochs, or request a stop). */
  hooks?: EngineHooks[];
  /** Where shown lines go (default: stdout); logs.txt gets them too. */
  echo?: (line: string) => void;
  /** Stop cleanly on SIGINT/SIGTERM (finish the batch, write ckpt_last). Default true. */
  handleSignals?: boolean;
  /** How training writes into the experiment folder (default: durably); tests inject crashes here. */
  files?: FileOps;
}

export interface TrainResult {
  outcome: TrainOutcome;
  dir: string;
  state: EngineState;
  /** The metrics of the last evaluation, if any. */
  lastMetrics: Record<string, number> | null;
}

function asLoaded(args: LoadedOptions | readonly string[]): LoadedOptions {
  return 'options' in args ? args : loadOptions(args);
}

function engineSettings(options: Options, hash: string) {
  return {
    nbEpochs: options.engine.nb_epochs,
    lr: options.optimizer.lr,
    clipGrad: options.optimizer.clip_grad,
    seed: options.misc.seed,
    evalFreq: options.engine.eval_freq,
    maxBatchesPerEpoch: options.engine.max_batches_per_epoch,
    progress: options.engine.progress,
    savingCriteria: options.engine.saving_criteria,
    patience: options.engine.patience,
    optionsHash: hash,
  };
}

/** First SIGINT/SIGTERM: stop after the current batch; second: abort. Returns the uninstaller. */
function stopOnSignals(engine: Engine, say: (line: string) => void): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    if (engine.stopping) {
      say(`${signal} again: aborting without saving`);
      process.exit(130);
    }
    say(`${signal}: finishing the current batch, then writing ckpt_last (press again to abort)`);
    engine.requestStop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/**
 * The data-parallel replicas of engine.workers, or null for one. Unset: one
 * per core on the single-threaded backends (wasm, cpu); one on tfjs-node,
 * whose kernels already use every core. Their workers start on first use.
 */
function replicasFor(options: Options, parts: RunParts, optimizer: tf.Optimizer | null): DataParallel | null {
  const threaded = backendInfo().name === 'node' || backendInfo().name === 'node-gpu';
  const replicas = options.engine.workers ?? (threaded ? 1 : availableParallelism());
  if (replicas <= 1) return null;
  return new DataParallel({ replicas, model: parts.model, criterion: parts.criterion, criterionOptions: options.model.criterion, optimizer, seed: options.misc.seed });
}

/** The run's retrieval metrics with every bag's ranks counted on the replicas' threads (the same numbers as on one). */
function evaluateOn(replicas: DataParallel, options: Options): Evaluate {
  const metric = options.model.metric;
  return async (e) => (await retrievalMetricsWith(e, metric, (input, bags) => rankBagsOnThreads(replicas, input, bags))).values;
}

function countParameters(vars: Map<string, tf.Variable>): number {
  let n = 0;
  for (const v of vars.values()) n += v.size;
  return n;
}

/** `recipe1m train`: trains (or continues, with exp.resume) the experiment of the options. */
export async function trainExperiment(args: LoadedOptions | readonly string[], run: RunHooks = {}): Promise<TrainResult> {
  const { options, resolved } = asLoaded(args);
  const { exp, dataset, misc } = options;
  const files = run.files ?? durableFileOps;
  if (dataset.train_split === null) throw new Error('dataset.train_split is empty: nothing to train (evaluate a checkpoint with `recipe1m eval`)');
  const fresh = exp.resume === null;
  if (fresh && options.engine.nb_epochs === 0) {
    throw new Error('engine.nb_epochs is 0: there is nothing to train, and no checkpoint would be written (give 1 or more; `recipe1m eval` evaluates a checkpoint)');
  }
  // Everything that can refuse the run does so before the folder is touched.
  checkExperimentDir(exp.dir, exp.resume, exp.overwrite);
  const existed = existsSync(exp.dir);
  const backend = await initBackend((misc.backend ?? undefined) as BackendName | undefined);
  const parts = buildParts(options, { train: dataset.train_split, eval: dataset.eval_split }, misc.seed);
  const logger = new ExperimentLogger(exp.dir, null, { echo: run.echo, hold: true, files });
  const optimizer = buildOptimizer(options.optimizer);
  const replicas = replicasFor(options, parts, optimizer);
  let uninstall = (): void => {};
  let engine: Engine | null = null;
  let started = false;
  try {
    if (parts.stores.eval) checkBags(options, parts.stores.eval.size);
    const hash = optionsHash(resolved.values);
    let state = freshState(misc.seed, hash);
    if (exp.resume !== null) {
      state = await restoreTraining(exp.dir, exp.resume, parts.model.namedVariables(), parts.criterion.namedVariables, optimizer);
      logger.info(`resumed from ckpt_${exp.resume} (${positionLabel(state.epoch, state.batchInEpoch)})`);
      if (state.optionsHash !== hash) logger.info('note: the options differ from those the checkpoint was trained with (options.yaml gets the new ones with the first save)');
      const logs = resumedLogs(exp.dir, exp.resume, state);
      if (logs.note) logger.info(logs.note);
      logger.continueFrom(logs.series, logs.notes);
    } else if (options.model.network.word2vec) {
      await parts.model.loadWordVectors(options.model.network.word2vec, parts.vocab);
    }
    recordBackend(logger, backend);
    logger.note('run.start', `epoch ${state.epoch}, batch ${state.batchInEpoch}`);
    const optionsText = optionsFileText(resolved.values, backendNotes(backend));
    engine = new Engine({
      logger,
      model: parts.model,
      criterion: parts.criterion,
      optimizer,
      train: trainSource(parts.stores.train as RecipeStore, dataset.train_split, dataset.batch_size, misc.seed, batchLimits(options)),
      eval: parts.stores.eval ? evalSource(parts.stores.eval, dataset.eval_split as string, dataset.batch_size, misc.seed, batchLimits(options)) : null,
      evaluate: replicas ? evaluateOn(replicas, options) : parts.evaluate,
      settings: engineSettings(options, hash),
      state,
      restoredFrom: exp.resume,
      hooks: run.hooks,
      // A resumed run's options describe the experiment only once it has saved something with them.
      saver: folderSaver(exp.dir, logger, { files, firstSaveExtras: fresh ? [] : [{ name: OPTIONS_FILE, data: optionsText }] }),
      replicas,
    });
    if (state.epoch >= options.engine.nb_epochs) {
      logger.info(`ckpt_${exp.resume} is ${positionLabel(state.epoch, state.batchInEpoch)} and engine.nb_epochs is ${options.engine.nb_epochs}: nothing to train; nothing was written (raise --engine.nb_epochs to train further)`);
      return { outcome: 'nothing', dir: exp.dir, state: engine.state, lastMetrics: null };
    }
    engine.trainPlan(state.epoch);
    await replicas?.start();
    // From here on the run writes into the folder.
    started = true;
    if (fresh) {
      startExperimentDir(files, exp.dir);
      files.write(join(exp.dir, OPTIONS_FILE), optionsText);
    } else {
      for (const note of recoverExperimentDir(files, exp.dir)) logger.info(note);
    }
    logger.release();
    for (const line of backendLines(backend)) logger.info(line);
    logger.info(
      `experiment ${exp.dir}: ${replicas ? `${replicas.replicas} workers` : 'no workers'}, ${countParameters(parts.model.namedVariables())} parameters, ` +
        `training on ${dataset.train_split} (${parts.stores.train?.size} pairs), ` +
        (dataset.eval_split ? `evaluating on ${dataset.eval_split} (${parts.stores.eval?.size ?? 0} pairs)` : 'no evaluation split'),
    );
    const trainer = engine;
    if (run.handleSignals ?? true) uninstall = stopOnSignals(trainer, (l) => logger.info(l));
    const outcome = await trainer.train(() => writeExperimentView(exp.dir, logger.all(), `${exp.dir}: learning curves`));
    const r1 = logger.get(loggedMetricKey(recallKey(1, 'im2recipe')));
    const lastMetrics = r1.length ? lastValues(logger.all(), LOGGED_METRIC_PREFIX) : null;
    return { outcome, dir: exp.dir, state: trainer.state, lastMetrics };
  } catch (err) {
    // A fresh run that saved nothing leaves the folder as it found it (empty, or absent).
    if (fresh && started && !engine?.saved) {
      const say = run.echo ?? console.log;
      try {
        abandonExperimentDir(files, exp.dir, existed);
        say(`nothing was saved: ${exp.dir} is left as this run found it`);
      } catch (cleanup) {
        say(`nothing was saved, and removing what this run wrote into ${exp.dir} failed: ${(cleanup as Error).message}`);
      }
    }
    throw err;
  } finally {
    uninstall();
    await replicas?.dispose();
    optimizer.dispose();
    parts.dispose();
  }
}

/** The logs a resumed run continues: logs.json as committed, cut to what checkpoint `tag` recorded. */
function resumedLogs(dir: string, tag: string, state: EngineState): { series: Series; notes: Notes; note: string | null } {
  const { series, notes } = readLogsIfAny(committedPath(dir, 'logs.json'));
  if (!state.logLengths) return { series, notes: {}, note: null };
  const cut = truncateSeries(series, state.logLengths);
  const cutNotes = truncateSeries(notes, state.logLengths);
  const dropped = cut.dropped + cutNotes.dropped;
  const note = dropped > 0 ? `logs.json: left out ${dropped} logged values that come after ckpt_${tag} (the training they describe is not in that checkpoint)` : null;
  return { series: cut.series, notes: cutNotes.series, note };
}

/** The run.* notes of the logs: which backend this run computed on, and why the preferred ones were not used. */
function recordBackend(logger: ExperimentLogger, info: BackendInfo): void {
  logger.note('run.backend', info.name);
  logger.note('run.device', describeDevice(info));
  logger.note('run.not_used', info.failures.map((f) => `${f.name}: ${f.reason}`).join('; '));
}

/** The header lines of options.yaml about the backend (comments: loading the file as options ignores them). */
function backendNotes(info: BackendInfo): string[] {
  return [
    `Written by a run on backend ${describeBackend(info)}.`,
    ...info.failures.map((f) => `Not used: ${f.name}: ${f.reason}.`),
    "misc.backend chooses the backend (empty: the best available); logs.json records every run's (run.backend, run.device).",
  ];
}

function lastValues(series: Readonly<Record<string, number[]>>, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(series)) if (k.startsWith(prefix) && v.length) out[k.slice(prefix.length)] = v[v.length - 1];
  return out;
}

/** The checkpoint to load: exp.resume, else the best R@1 one when present, else last. */
function checkpointTag(options: Options, command: string): string {
  if (options.exp.resume !== null) return options.exp.resume;
  const tags = checkpointTags(options.exp.dir);
  const best = `best_${DEFAULT_SAVING_CRITERIA[0].split(':')[0]}`;
  if (tags.includes(best)) return best;
  if (tags.includes('last')) return 'last';
  throw new Error(`${command}: no checkpoint in ${options.exp.dir} (train first, or set exp.dir / --exp.resume)`);
}

export interface RestoredExperiment {
  options: Options;
  model: AdaMine;
  criterion: Criterion;
  /** The configured splits' stores (train only when dataset.train_split is set). */
  stores: { train: RecipeStore | null; eval: RecipeStore | null };
  vocab: string[];
  manifest: Manifest;
  checkpoint: { dir: string; tag: string; state: EngineState };
  parts: RunParts;
  dispose(): void;
}

/**
 * Loads a trained model from an experiment: `optionsFile` (usually
 * `<exp>/options.yaml`) plus overrides such as `--exp.resume best_...` or
 * `--dataset.eval_split test`. For search, serve and notebooks.
 */
export async function restoreExperiment(optionsFile: string, argv: string[] = []): Promise<RestoredExperiment> {
  const { options } = loadOptions(['-o', optionsFile, ...argv]);
  return restoreFromOptions(options, 'restore');
}

async function restoreFromOptions(options: Options, command: string): Promise<RestoredExperiment> {
  if (!existsSync(options.exp.dir)) throw new Error(`${command}: the experiment folder ${options.exp.dir} does not exist`);
  const tag = checkpointTag(options, command);
  await initBackend((options.misc.backend ?? undefined) as BackendName | undefined);
  const parts = buildParts(options, { train: options.dataset.train_split, eval: options.dataset.eval_split }, options.misc.seed);
  try {
    const state = await restoreTraining(options.exp.dir, tag, parts.model.namedVariables(), parts.criterion.namedVariables, null);
    return {
      options,
      model: parts.model,
      criterion: parts.criterion,
      stores: parts.stores,
      vocab: parts.vocab,
      manifest: parts.manifest,
      checkpoint: { dir: options.exp.dir, tag, state },
      parts,
      dispose: () => parts.dispose(),
    };
  } catch (err) {
    parts.dispose();
    throw err;
  }
}

export interface EvalResult {
  metrics: Record<string, number>;
  stats: Record<string, number>;
  /** The epoch (0-based) the checkpoint ended, -1 for an untrained one. */
  epoch: number;
  tag: string;
  logs: { txt: string; json: string };
  embeddings: SplitEmbeddings;
}

/**
 * An engine over `store` (split `split`) for a restored checkpoint
 * (`evaluate`: the metrics to compute, the run's retrieval metrics when
 * absent); `release` frees what it made.
 */
function evalEngine(
  restored: RestoredExperiment,
  store: RecipeStore,
  split: Split,
  logger: ExperimentLogger,
  run: RunHooks,
  evaluate: Evaluate | null,
): { engine: Engine; release: () => Promise<void> } {
  const { options, parts, checkpoint } = restored;
  const replicas = replicasFor(options, parts, null);
  const engine = new Engine({
    logger,
    model: parts.model,
    criterion: parts.criterion,
    optimizer: null,
    saver: null,
    train: null,
    eval: evalSource(store, split, options.dataset.batch_size, options.misc.seed, batchLimits(options)),
    evaluate: evaluate ?? (replicas ? evaluateOn(replicas, options) : parts.evaluate),
    settings: engineSettings(options, checkpoint.state.optionsHash),
    state: checkpoint.state,
    hooks: run.hooks,
    replicas,
  });
  return {
    engine,
    release: async () => {
      await replicas?.dispose();
    },
  };
}

/**
 * Restores the checkpoint without its training split and hands `use` an
 * engine over dataset.eval_split; releases everything afterwards.
 */
async function withEvalEngine<T>(
  options: Options,
  split: Split,
  command: string,
  logger: ExperimentLogger,
  run: RunHooks,
  use: (engine: Engine, restored: RestoredExperiment, evalStore: RecipeStore) => Promise<T>,
): Promise<T> {
  const restored = await restoreFromOptions({ ...options, dataset: { ...options.dataset, train_split: null } }, command);
  try {
    const evalStore = restored.stores.eval as RecipeStore;
    const { engine, release } = evalEngine(restored, evalStore, split, logger, run, null);
    try {
      return await use(engine, restored, evalStore);
    } finally {
      await release();
    }
  } finally {
    restored.dispose();
  }
}

/** Evaluates one checkpoint on dataset.eval_split; logs into logs_<misc.logs_name or eval_<split>>.json. */
export async function evaluateExperiment(args: LoadedOptions | readonly string[], run: RunHooks = {}): Promise<EvalResult> {
  const { options } = asLoaded(args);
  const split = options.dataset.eval_split;
  if (split === null) throw new Error('dataset.eval_split is empty: nothing to evaluate');
  const logger = new ExperimentLogger(options.exp.dir, options.misc.logs_name ?? `eval_${split}`, { echo: run.echo });
  return withEvalEngine(options, split, 'eval', logger, run, async (engine, restored, evalStore) => {
    const { checkpoint } = restored;
    // Flushed only once the checkpoint is restored: a missing experiment gets no log files.
    try {
      checkBags(options, evalStore.size);
      const epoch = checkpoint.state.epoch - 1;
      for (const line of backendLines(backendInfo())) logger.info(line);
      recordBackend(logger, backendInfo());
      logger.info(`evaluating ckpt_${checkpoint.tag} (${positionLabel(checkpoint.state.epoch, checkpoint.state.batchInEpoch)}) of ${options.exp.dir} on ${split} (${evalStore.size} pairs, ${describeProtocol(options)})`);
      const out = await engine.evaluate(epoch);
      logger.info(metricsTable(out.metrics));
      await keepEvaluated(restored, split, out.embeddings, logger);
      return { metrics: out.metrics, stats: out.stats, epoch, tag: checkpoint.tag, logs: logger.files, embeddings: out.embeddings };
    } finally {
      logger.flush();
    }
  });
}

export function describeProtocol(options: Options): string {
  const m = options.model.metric;
  return `${m.nb_bags} ${m.protocol} bags of ${m.nb_matchs_per_bag} pairs`;
}

/** MedR / R@1 / R@5 / R@10 per direction, mean ± std over bags. */
export function metricsTable(m: Record<string, number>): string {
  const cell = (key: (s: BagStatistic) => string, digits: number): string => `${(m[key('mean')] ?? NaN).toFixed(digits)} ± ${(m[key('std')] ?? NaN).toFixed(digits)}`;
  const rows = DIRECTIONS.map((d) => `| ${d === 'im2recipe' ? 'image→recipe' : 'recipe→image'} | ${cell((s) => medianRankKey(d, s), 1)} | ${RECALL_KS.map((k) => cell((s) => recallKey(k, d, s), 3)).join(' | ')} |`);
  return ['| direction | MedR | R@1 | R@5 | R@10 |', '|---|---|---|---|---|', ...rows].join('\n');
}

export interface ExtractResult {
  dir: string;
  split: string;
  /** Pairs (the rows evaluation ranks). */
  count: number;
  /** Every recipe of the split, and every photo. */
  recipes: number;
  images: number;
  dim: number;
  tag: string;
}

function metricOf(options: Options): EmbeddingsMetric {
  const m = options.model.metric;
  return { nb_bags: m.nb_bags, nb_matchs_per_bag: m.nb_matchs_per_bag, protocol: m.protocol, seed: m.seed ?? DEFAULT_BAG_SEEDS[m.protocol] };
}

/**
 * What an evaluation encoded is kept: its pair rows become the split's
 * embeddings (covering the pairs), for `recipe1m extract` to complete
 * without encoding them again, unless the folder already holds a set of
 * the same source that covers the whole split.
 */
async function keepEvaluated(restored: RestoredExperiment, split: string, pairs: SplitEmbeddings, logger: ExperimentLogger): Promise<void> {
  const { options, checkpoint, parts } = restored;
  const source = embeddingsSource(options, checkpoint.state, parts.manifest);
  const dir = options.exp.dir;
  try {
    const index = await readEmbeddingsIndex(dir, split);
    if (index.covers === 'split' && sourceMismatch(index.source, source) === null && index.count === pairs.count) return;
  } catch {
    // None there, or unreadable: this evaluation's rows replace it.
  }
  await writeEmbeddings(dir, { split, dim: pairs.dim, recipeIds: pairs.recipeIds, imageIds: pairs.imageIds, recipes: pairs.recipes, images: pairs.images, checkpoint: `ckpt_${checkpoint.tag}`, source, metric: metricOf(options) });
  logger.info(`kept the ${pairs.count} pair embeddings in ${dir}/embeddings_${split}/ (\`recipe1m extract\` completes them without encoding them again)`);
}

/** The pair rows of a set, as an evaluation epoch gives them. */
type PairRows = Omit<SplitEmbeddings, 'indices'>;

/**
 * Writes the embedding of every recipe and every photo of `store`'s split
 * with a restored checkpoint, with their ids, the pairs first in store
 * order (the rows the metrics' bags index), then the text-only recipes and
 * the other photos (lib/engine/embeddings_io). Rows already in the folder
 * from the same checkpoint save, store and options (an evaluation's, or an
 * earlier extraction's) are reused, not encoded again. The model is the
 * one restored: `recipe1m search` and `serve` extract what they lack
 * without restoring it again.
 */
export async function extractSplit(restored: RestoredExperiment, store: RecipeStore, run: RunHooks = {}): Promise<ExtractResult> {
  const { options, checkpoint, parts } = restored;
  const split = store.split;
  const say = run.echo ?? ((l: string) => console.log(l));
  const logger = new ExperimentLogger(options.exp.dir, `extract_${split}`, { echo: say });
  for (const line of backendLines(backendInfo())) logger.info(line);
  const limits = batchLimits(options);
  const source = embeddingsSource(options, checkpoint.state, parts.manifest);
  const found = await reusableEmbeddings(options.exp.dir, store, source);
  let pairs: PairRows;
  let rest: RestOfSplit | null = null;
  if ('set' in found) {
    const { set } = found;
    pairs = { count: set.recipeIds.length, dim: set.dim, recipeIds: set.recipeIds, imageIds: set.imageIds, recipes: set.recipes, images: set.images };
    if (set.covers === 'split') {
      const n = pairs.count * pairs.dim;
      rest = {
        textOnly: { recipeIds: set.all.recipeIds.slice(pairs.count), recipes: set.all.recipes.subarray(n) },
        otherImages: { imageIds: set.all.imageIds.slice(pairs.count), recipeRows: set.all.imageRecipeRows.subarray(pairs.count), images: set.all.images.subarray(n) },
      };
    }
    logger.info(`reusing the ${pairs.count} pair embeddings${rest ? ' and the rest of the split' : ''} of ${options.exp.dir}/embeddings_${split}/ (${set.checkpoint}: same checkpoint save, store and options)`);
  } else {
    logger.info(`encoding the ${store.size} pairs of ${split} (${found.why})`);
    // Extraction needs the embeddings only: no metric is computed.
    const { engine, release } = evalEngine(restored, store, split, logger, run, () => ({}));
    try {
      pairs = (await engine.embedEvalSplit(checkpoint.state.epoch - 1)).embeddings;
    } finally {
      await release();
    }
  }
  rest ??= await embedRestOfSplit(parts.model, store, pairs.imageIds, pairs.dim, options.dataset.batch_size, limits, options.engine.progress);
  await writeEmbeddings(options.exp.dir, {
    split,
    dim: pairs.dim,
    recipeIds: pairs.recipeIds,
    imageIds: pairs.imageIds,
    recipes: pairs.recipes,
    images: pairs.images,
    ...rest,
    checkpoint: `ckpt_${checkpoint.tag}`,
    source,
    metric: metricOf(options),
  });
  const recipes = pairs.count + rest.textOnly.recipeIds.length;
  const images = pairs.count + rest.otherImages.imageIds.length;
  logger.info(
    `extracted ${pairs.dim}-d embeddings of ${split} from ckpt_${checkpoint.tag} into ${options.exp.dir}/embeddings_${split}/: ` +
      `${recipes} recipes (${pairs.count} with photos, ${rest.textOnly.recipeIds.length} without) and ${images} photos`,
  );
  return { dir: options.exp.dir, split, count: pairs.count, recipes, images, dim: pairs.dim, tag: checkpoint.tag };
}

/** `recipe1m extract`: extractSplit on dataset.eval_split. */
export async function extractExperiment(args: LoadedOptions | readonly string[], run: RunHooks = {}): Promise<ExtractResult> {
  const { options } = asLoaded(args);
  const split = options.dataset.eval_split;
  if (split === null) throw new Error('dataset.eval_split is empty: set the split to extract, e.g. --dataset.eval_split test');
  const restored = await restoreFromOptions({ ...options, dataset: { ...options.dataset, train_split: null } }, 'extract');
  try {
    return await extractSplit(restored, restored.stores.eval as RecipeStore, run);
  } finally {
    restored.dispose();
  }
}
