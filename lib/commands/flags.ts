/**
 * A command's own flags (`--out DIR`, `--force`, `-d DIR DIR`), read from
 * the one tokenizer of lib/options. `commandFlags` is strict: an unknown or
 * malformed flag is an error that shows the usage, and `--help`/`-h`
 * prints it and yields null (nothing to run). `takeFlags` takes only the
 * flags it knows and leaves the other words, in order, for the next reader
 * (a command that also takes an experiment's `-o FILE --a.b value`).
 */
import { tokenize, type ArgFlag } from '../options/index.js';

export interface FlagSpec {
  /** `string`: one value; `boolean`: none; `list`: one or more values, and the flag may be repeated (each use kept apart). */
  kind: 'string' | 'boolean' | 'list';
  /** The one-letter form: `d` for `-d`. */
  short?: string;
  /** What a missing value is, for the error: `--logs needs a name`. Default: a value. */
  needs?: string;
  /** One line for the usage (flagHelp). */
  doc?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

/** `--help`/`-h`, added to every command's flags. */
export const HELP_FLAG = { kind: 'boolean', short: 'h' } as const satisfies FlagSpec;

type FlagValue<F extends FlagSpec> = F['kind'] extends 'boolean' ? boolean : F['kind'] extends 'list' ? string[][] : string | undefined;

/** Booleans are false when absent, strings undefined, lists empty. */
export type FlagValues<S extends FlagSpecs> = { [K in keyof S]: FlagValue<S[K]> };

export interface TakenFlags<S extends FlagSpecs> {
  values: FlagValues<S>;
  /** The words that are not flags of the spec, in order. */
  rest: string[];
}

function nameOf(token: ArgFlag, spec: FlagSpecs): string | undefined {
  if (token.flag.startsWith('--')) return Object.hasOwn(spec, token.name) ? token.name : undefined;
  return Object.keys(spec).find((name) => spec[name].short === token.name);
}

function read(token: ArgFlag, flag: FlagSpec, seen: boolean): string | string[] | true {
  const { flag: written, values, inline } = token;
  if (seen && flag.kind !== 'list') throw new Error(`${written} is given twice`);
  if (flag.kind === 'boolean') {
    if (inline) throw new Error(`${written} takes no value, got '${values[0]}'`);
    if (values.length > 0) throw new Error(`unexpected argument '${values[0]}'`);
    return true;
  }
  if (values.length === 0) throw new Error(`${written} needs ${flag.needs ?? 'a value'}`);
  if (flag.kind === 'list') return values;
  if (values.length > 1) throw new Error(`unexpected argument '${values[1]}'`);
  return values[0];
}

/** Reads the tokens of `spec`'s flags; any other token is an error when `strict`, else returned. */
function take<S extends FlagSpecs>(flags: readonly ArgFlag[], spec: S, strict: boolean): { values: FlagValues<S>; others: ArgFlag[] } {
  const values: Record<string, boolean | string | string[][] | undefined> = {};
  for (const [name, flag] of Object.entries(spec)) values[name] = flag.kind === 'boolean' ? false : flag.kind === 'list' ? [] : undefined;
  const seen = new Set<string>();
  const others: ArgFlag[] = [];
  for (const token of flags) {
    const name = nameOf(token, spec);
    if (name === undefined) {
      if (strict) throw new Error(`Unknown option '${token.flag}'`);
      others.push(token);
      continue;
    }
    const value = read(token, spec[name], seen.has(name));
    seen.add(name);
    if (Array.isArray(value)) (values[name] as string[][]).push(value);
    else values[name] = value;
  }
  // Filled above for every name of the spec, each with its kind's value.
  return { values: values as FlagValues<S>, others };
}

/** Takes the flags of `spec` out of `argv`; `--name value`, `--name=value` and `-x value` all work. */
export function takeFlags<S extends FlagSpecs>(argv: readonly string[], spec: S): TakenFlags<S> {
  const { positionals, flags } = tokenize(argv);
  const { values, others } = take(flags, spec, false);
  return { values, rest: [...positionals, ...others.flatMap((t) => t.words)] };
}

/** The command's flags, or null when `--help` was asked for (the usage is printed). */
export function commandFlags<S extends FlagSpecs>(argv: readonly string[], spec: S, usage: string): FlagValues<S> | null {
  try {
    const { positionals, flags } = tokenize(argv);
    if (positionals.length > 0) throw new Error(`unexpected argument '${positionals[0]}'`);
    const { values } = take(flags, { ...spec, help: HELP_FLAG }, true);
    if (values.help) {
      console.log(usage);
      return null;
    }
    return values;
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${usage}`);
  }
}

/** The usage lines of a flag table: `--name VALUE  doc`, aligned. */
export function flagHelp(spec: FlagSpecs): string {
  const names = Object.entries(spec).map(([n, f]) => [f.kind === 'boolean' ? `--${n}` : `--${n} VALUE`, f.doc ?? '']);
  const width = Math.max(...names.map(([n]) => n.length));
  return names.map(([n, doc]) => `  ${n.padEnd(width)}  ${doc}`).join('\n');
}
