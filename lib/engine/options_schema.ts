/**
 * The whole option tree, assembled from the sections each module owns, and
 * its typed view. `recipe1m <command> --help` prints it.
 */
import { datasetSchema } from '../data/index.js';
import { criterionSchema, type CriterionOptions } from '../losses/index.js';
import { metricSchema, type MetricOptions } from '../metrics/index.js';
import { networkSchema, type NetworkOptions } from '../model/index.js';
import { engineSchema, expSchema, miscSchema, optimizerSchema, type EngineOptions, type ExpOptions, type MiscOptions, type OptimizerOptions } from './engine_options.js';
import { helpText, parseArgs, resolveOptions, type ResolvedOptions } from './options.js';
import type { Section } from './schema.js';
import type { Split } from '../data/types.js';

export function optionsSchema(): Section {
  return {
    exp: expSchema,
    dataset: datasetSchema,
    model: { network: networkSchema, criterion: criterionSchema, metric: metricSchema },
    optimizer: optimizerSchema,
    engine: engineSchema,
    misc: miscSchema,
  };
}

/** The fields of `dataset` the engine reads (the data module owns the section). */
export interface DatasetOptions {
  dir: string;
  train_split: Split | null;
  eval_split: Split | null;
  batch_size: number;
  max_ingredients: number;
  max_sentences: number;
  max_words: number;
}

export interface Options {
  exp: ExpOptions;
  dataset: DatasetOptions;
  model: { network: NetworkOptions; criterion: CriterionOptions; metric: Omit<MetricOptions, 'dot'> };
  optimizer: OptimizerOptions;
  engine: EngineOptions;
  misc: MiscOptions;
}

export interface LoadedOptions {
  options: Options;
  resolved: ResolvedOptions;
  /** `--help` was asked for. */
  help: boolean;
  optionsFile: string | null;
}

/** Parses `-o FILE --a.b value ...` and validates it all; throws (before any work) on any problem. */
export function loadOptions(argv: readonly string[]): LoadedOptions {
  const args = parseArgs(argv);
  const resolved = resolveOptions(optionsSchema(), args.optionsFile, args.overrides);
  return { options: resolved.values as unknown as Options, resolved, help: args.help, optionsFile: args.optionsFile };
}

/**
 * What every option-driven command does first: load and validate the options,
 * print the option list for `--help` (then null: nothing to run), and
 * insist on an option file.
 */
export function loadCommandOptions(argv: readonly string[], usage: string): LoadedOptions | null {
  const loaded = loadOptions(argv);
  if (loaded.help) {
    console.log(`${usage}\n\noptions (resolved value, doc, source):\n${helpText(loaded.resolved)}`);
    return null;
  }
  if (loaded.optionsFile === null) throw new Error(`no option file: ${usage}`);
  return loaded;
}
