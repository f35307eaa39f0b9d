/**
 * Experiments the notebooks train and evaluate through the command line
 * (the same code as `recipe1m train` / `recipe1m eval`). A folder from an
 * earlier run is reused only when it is the experiment asked for: the same
 * resolved options (its options.yaml), trained on the same data (the
 * prepared store's manifest fingerprint, recorded next to it when the
 * training finished), every epoch logged (logs.json) and the best
 * checkpoint written. Otherwise it is trained again, and the reason said.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest } from '../data/store.js';
import { EARLY_STOP_NOTE } from '../engine/engine.js';
import { checkpointTags } from '../experiment/checkpoint.js';
import { readLogs, readSeries, type Series } from '../experiment/logger.js';
import { getPath, leaves } from '../options/index.js';
import { loadOptions, optionsSchema, type Options } from '../engine/options_schema.js';
import { writeFileAtomic } from '../util/atomic_write.js';
import { lastMetrics } from '../analysis/comparison.js';
import { queryRanks, type QueryRanks } from '../analysis/query_ranks.js';
import { readEmbeddings } from '../experiment/embeddings_io.js';
import { overrideArgs, type OptionOverrides } from './option_overrides.js';
import { runRecipe1mAsync, runRecipe1mOrThrow } from './run_cli.js';

/** The checkpoint kept for the best validation R@1 image→recipe (model selection, docs/method.md §7). */
export const BEST_R1_TAG = 'best_eval_epoch.metric.recall_at_1_im2recipe_mean';

/** Written into the experiment folder when a notebook's training finished: the data it was trained on. */
export const TRAINED_ON_FILE = 'trained_on.json';

/** Options that say how a run was started or where its folder is, not what the experiment is. */
const NOT_IDENTITY = new Set(['exp.dir', 'exp.resume', 'exp.overwrite', 'misc.logs_name']);

export interface TrainedOn {
  prepared: string;
  inputsFingerprint: string;
}

export interface TrainedExperiment {
  name: string;
  dir: string;
  /** Seconds the training took in this call; null when an earlier run was reused. */
  seconds: number | null;
  /** Why it was reused or trained. */
  why: string;
  /** Epochs, batches and the last validation metrics, from logs.json. */
  summary: string;
}

const show = (v: unknown): string => (v === null || v === undefined ? '(empty)' : JSON.stringify(v));

/** Keys (dotted) whose values differ between two resolved option trees, as "key: old → new". */
export function optionDifferences(had: Options, asked: Options): string[] {
  return leaves(optionsSchema())
    .map(([key]) => key)
    .filter((key) => !NOT_IDENTITY.has(key))
    .flatMap((key) => {
      const a = getPath(had, key);
      const b = getPath(asked, key);
      return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${key}: ${show(a)} → ${show(b)}`];
    });
}

/** The resolved options `recipe1m train -o options/<name>.yaml --exp.dir <dir> <overrides>` would run with. */
export function askedOptions(name: string, dir: string, overrides: OptionOverrides): Options {
  return loadOptions(['-o', join('options', `${name}.yaml`), '--exp.dir', dir, ...overrideArgs(overrides)]).options;
}

/** Why the folder cannot be reused for these options and data, or null when it can. */
export function reuseRefusal(dir: string, asked: Options, trainedOn: TrainedOn): string | null {
  const optionsFile = join(dir, 'options.yaml');
  if (!existsSync(optionsFile)) return `no experiment in ${dir} yet`;
  let had: Options;
  try {
    had = loadOptions(['-o', optionsFile]).options;
  } catch (err) {
    return `its ${optionsFile} no longer loads (${(err as Error).message.split('\n')[0]})`;
  }
  const differences = optionDifferences(had, asked);
  if (differences.length > 0) {
    const shown = differences.slice(0, 6).join('; ') + (differences.length > 6 ? `; and ${differences.length - 6} more` : '');
    return `its options differ from those asked (${shown})`;
  }
  const recordFile = join(dir, TRAINED_ON_FILE);
  if (!existsSync(recordFile)) return `no ${TRAINED_ON_FILE}: nothing says which data it was trained on, or that its training finished`;
  const record = JSON.parse(readFileSync(recordFile, 'utf8')) as TrainedOn;
  if (record.inputsFingerprint !== trainedOn.inputsFingerprint) {
    return `it was trained on other data (${record.prepared}, fingerprint ${record.inputsFingerprint.slice(0, 12)}; asked: ${trainedOn.prepared}, ${trainedOn.inputsFingerprint.slice(0, 12)})`;
  }
  const logsFile = join(dir, 'logs.json');
  if (!existsSync(logsFile)) return `no ${logsFile}`;
  const logs = readLogs(logsFile);
  const epochs = logs.series['train_epoch.epoch'] ?? [];
  const done = epochs.length > 0 ? epochs[epochs.length - 1] + 1 : 0;
  if (done < asked.engine.nb_epochs && !logs.notes[EARLY_STOP_NOTE]) return `its logs.json has ${done} of ${asked.engine.nb_epochs} epochs`;
  if (!checkpointTags(dir).includes(BEST_R1_TAG)) return `it has no ckpt_${BEST_R1_TAG}`;
  return null;
}

/** Epochs, batches and the last validation R@1 and MedR image→recipe of a training log. */
export function trainingSummary(series: Series): string {
  const epochs = series['train_epoch.epoch'] ?? [];
  const batches = (series['train_batch.loss'] ?? []).length;
  const last = (key: string) => {
    const values = series[`eval_epoch.metric.${key}`] ?? [];
    return values.length > 0 ? values[values.length - 1] : undefined;
  };
  const r1 = last('recall_at_1_im2recipe_mean');
  const medr = last('med_im2recipe_mean');
  const val = r1 === undefined || medr === undefined ? 'no validation logged' : `last val R@1 ${(100 * r1).toFixed(1)}%, MedR ${medr.toFixed(1)} (image→recipe)`;
  return `${epochs.length} epochs, ${batches} batches; ${val}`;
}

/** The data a store's experiments are trained on, as recorded with them. */
export function trainedOn(preparedDir: string): TrainedOn {
  return { prepared: preparedDir, inputsFingerprint: readManifest(preparedDir).inputsFingerprint };
}

/** The training logs' own account of the run: epochs, batches, last validation, and whether early stopping ended it. */
export function experimentSummary(dir: string): string {
  const logs = readLogs(join(dir, 'logs.json'));
  const stop = logs.notes[EARLY_STOP_NOTE];
  return `${trainingSummary(logs.series)}${stop ? `; early stopping: ${stop[stop.length - 1]}` : ''}`;
}

/** One experiment a notebook asks for: options/<name>.yaml trained into `dir` with `overrides`. */
export interface ExperimentRequest {
  /** The option file, options/<config>.yaml. */
  config: string;
  /** How the notebook names it (config, seed, optimizer...); default the config. */
  name?: string;
  dir: string;
  overrides: OptionOverrides;
}

function reused(name: string, dir: string, asked: Options): TrainedExperiment {
  const stopped = readLogs(join(dir, 'logs.json')).notes[EARLY_STOP_NOTE];
  const how = stopped ? 'stopped early' : `all ${asked.engine.nb_epochs} epochs`;
  return { name, dir, seconds: null, why: `reused ${dir}: same options, same data, ${how}`, summary: experimentSummary(dir) };
}

/**
 * Trains options/<name>.yaml into `dir` with `overrides` (which name the
 * prepared store as dataset.dir), unless `dir` already holds that very
 * experiment and `retrain` is false. What it reports comes from the
 * child's logs.json, not from its console output.
 */
export async function ensureExperiment(name: string, dir: string, overrides: OptionOverrides, retrain = false): Promise<TrainedExperiment> {
  const [trained] = await ensureExperiments([{ config: name, dir, overrides }], { retrain });
  return trained;
}

/**
 * ensureExperiment for several experiments, `parallel` child processes at a
 * time (default 1), in the order asked; the first failure stops the rest
 * from starting and is thrown once the running ones have ended.
 */
export async function ensureExperiments(requests: readonly ExperimentRequest[], opts: { retrain?: boolean; parallel?: number } = {}): Promise<TrainedExperiment[]> {
  const parallel = opts.parallel ?? 1;
  if (!Number.isInteger(parallel) || parallel < 1) throw new Error(`ensureExperiments: parallel must be a positive integer, got ${parallel}`);
  const results: TrainedExperiment[] = new Array(requests.length);
  let next = 0;
  let failure: Error | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < requests.length) {
      const i = next++;
      const { config, dir, overrides } = requests[i];
      const name = requests[i].name ?? config;
      const asked = askedOptions(config, dir, overrides);
      const data = trainedOn(asked.dataset.dir);
      const refusal = opts.retrain ? 'retraining was asked for' : reuseRefusal(dir, asked, data);
      if (refusal === null) {
        results[i] = reused(name, dir, asked);
        continue;
      }
      try {
        const run = await runRecipe1mAsync(['train', '-o', join('options', `${config}.yaml`), '--exp.dir', dir, '--exp.overwrite', 'true', ...overrideArgs(overrides)]);
        writeFileAtomic(join(dir, TRAINED_ON_FILE), `${JSON.stringify(data, null, 2)}\n`);
        results[i] = { name, dir, seconds: run.seconds, why: `trained: ${refusal}`, summary: experimentSummary(dir) };
      } catch (err) {
        failure ??= err as Error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, requests.length) }, worker));
  if (failure !== null) throw failure;
  return results;
}

/** Evaluates the best checkpoint on the test split in bags; returns the metrics (also in <dir>/logs_test.json). */
function testEvalArgs(dir: string, bags: { nbBags: number; perBag: number }): string[] {
  return [
    'eval', '-o', join(dir, 'options.yaml'),
    '--exp.resume', BEST_R1_TAG,
    '--dataset.eval_split', 'test',
    '--model.metric.nb_bags', String(bags.nbBags),
    '--model.metric.nb_matchs_per_bag', String(bags.perBag),
    '--misc.logs_name', 'test',
    '--engine.progress', 'false',
  ];
}

export function evaluateOnTest(dir: string, bags: { nbBags: number; perBag: number }): Record<string, number> {
  runRecipe1mOrThrow(testEvalArgs(dir, bags));
  const file = join(dir, 'logs_test.json');
  return lastMetrics(readSeries(file), file);
}

/** evaluateOnTest for several experiments, `parallel` child processes at a time; metrics in the order of `dirs`. */
export async function evaluateAllOnTest(dirs: readonly string[], bags: { nbBags: number; perBag: number }, parallel = 1): Promise<Record<string, number>[]> {
  const results: Record<string, number>[] = new Array(dirs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < dirs.length) {
      const dir = dirs[next++];
      await runRecipe1mAsync(testEvalArgs(dir, bags));
      const file = join(dir, 'logs_test.json');
      results[dirs.indexOf(dir)] = lastMetrics(readSeries(file), file);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, dirs.length) }, worker));
  return results;
}

/**
 * The per-query ranks of the test pairs that the last test evaluation of
 * `dir` kept (<dir>/embeddings_test/), in disjoint bags of the first pairs
 * in store order: the same queries for every experiment on the same store.
 */
export async function testQueryRanks(dir: string, bags: { nbBags: number; perBag: number }): Promise<QueryRanks> {
  const e = await readEmbeddings(dir, 'test');
  return queryRanks(e.images, e.recipes, e.dim, bags);
}

/** The training series of an experiment (logs.json). */
export function trainingSeries(dir: string): Series {
  return readSeries(join(dir, 'logs.json'));
}
