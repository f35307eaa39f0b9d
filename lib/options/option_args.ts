/**
 * The command line of an option-driven command: `-o FILE`, `--help`, and
 * `--a.b.c value` overrides, read from the tokens of argv.ts. A flag
 * followed by another flag (or by nothing) has no value: null for nullable
 * options, the empty list for lists; `--a.b.c=` is the same.
 */
import { tokenize } from './argv.js';

/** One `--key value` pair; `raw` is null for a flag given without a value. */
export interface Override {
  key: string;
  raw: string | null;
}

export interface OptionArgs {
  /** The `-o/--options FILE` value. */
  optionsFile: string | null;
  help: boolean;
  overrides: Override[];
}

const HELP_FLAGS = ['-h', '--help'];
const OPTIONS_FILE_FLAGS = ['-o', '--options', '--path_opts'];

function unexpected(word: string): Error {
  return new Error(`unexpected argument '${word}': options are given as --key value (see --help)`);
}

export function parseOptionArgs(argv: readonly string[]): OptionArgs {
  const { positionals, flags } = tokenize(argv);
  if (positionals.length > 0) throw unexpected(positionals[0]);
  const out: OptionArgs = { optionsFile: null, help: false, overrides: [] };
  for (const { flag, name, values, inline } of flags) {
    if (HELP_FLAGS.includes(flag)) {
      if (values.length > 0) throw unexpected(values[0]);
      out.help = true;
    } else if (OPTIONS_FILE_FLAGS.includes(flag)) {
      if (values.length === 0 || values[0] === '') throw new Error(`${flag} needs an option file path`);
      if (values.length > 1) throw unexpected(values[1]);
      out.optionsFile = values[0];
    } else if (!flag.startsWith('--')) {
      throw unexpected(flag);
    } else {
      if (values.length > 1) throw unexpected(values[1]);
      out.overrides.push({ key: name, raw: values.length === 0 || (inline && values[0] === '') ? null : values[0] });
    }
  }
  return out;
}
