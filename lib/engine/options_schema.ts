/**
 * The whole option tree, assembled from the sections each layer declares,
 * and its type. It lives in the engine because the engine is the layer that
 * knows them all; `recipe1m <command> --help` prints it.
 */
import { datasetSchema } from '../data/index.js';
import { criterionSchema } from '../losses/index.js';
import { metricSchema } from '../metrics/index.js';
import { networkSchema } from '../model/index.js';
import { helpText, parseOptionArgs, resolveOptions, type Infer, type ResolvedOptions, type Section } from '../options/index.js';
import { engineSchema, expSchema, miscSchema, optimizerSchema, RETIRED_OPTIONS } from './engine_options.js';

export function optionsSchema() {
  return {
    exp: expSchema,
    dataset: datasetSchema,
    model: { network: networkSchema, criterion: criterionSchema, metric: metricSchema },
    optimizer: optimizerSchema,
    engine: engineSchema,
    misc: miscSchema,
  } satisfies Section;
}

export type OptionsSchema = ReturnType<typeof optionsSchema>;
export type Options = Infer<OptionsSchema>;

export interface LoadedOptions {
  options: Options;
  resolved: ResolvedOptions<OptionsSchema>;
  /** `--help` was asked for. */
  help: boolean;
  optionsFile: string | null;
}

/** Parses `-o FILE --a.b value ...` and validates it all; throws (before any work) on any problem. */
export function loadOptions(argv: readonly string[]): LoadedOptions {
  const args = parseOptionArgs(argv);
  const resolved = resolveOptions(optionsSchema(), args.optionsFile, args.overrides, RETIRED_OPTIONS);
  for (const note of resolved.notes) console.warn(`note: ${note}`);
  return { options: resolved.values, resolved, help: args.help, optionsFile: args.optionsFile };
}

/**
 * What every option-driven command does first: load and validate the options,
 * print the option list for `--help` (then null: nothing to run), and
 * insist on an option file.
 */
export function loadCommandOptions(argv: readonly string[], usage: string): LoadedOptions | null {
  const loaded = loadOptions(argv);
  if (loaded.help) {
    const retired = Object.entries(RETIRED_OPTIONS).map(([key, why]) => `  ${key}: ${why}`);
    console.log(`${usage}\n\noptions (resolved value, doc, source):\n${helpText(loaded.resolved)}\n\nremoved options (an option file that sets one loads, with a note):\n${retired.join('\n')}`);
    return null;
  }
  if (loaded.optionsFile === null) throw new Error(`no option file: ${usage}`);
  return loaded;
}
