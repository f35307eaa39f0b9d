/**
 * The search and serve commands' own flags (`--image PATH`, `--json`, ...),
 * taken out of the command line; everything else (`-o FILE`,
 * `--exp.resume ...`) is left, in order, for the experiment's options.
 */

export type FlagKind = 'value' | 'boolean';

export interface FlagSpec {
  kind: FlagKind;
  /** One line for --help. */
  doc: string;
}

export interface TakenFlags {
  /** Value flags by name (without dashes); boolean flags map to 'true'. */
  values: Map<string, string>;
  rest: string[];
}

/** Removes the flags of `spec` from `argv`; `--name value` and `--name=value` both work. */
export function takeFlags(argv: readonly string[], spec: Record<string, FlagSpec>): TakenFlags {
  const values = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq > 0 ? eq : undefined) : '';
    const flag = spec[name];
    if (!flag) {
      rest.push(arg);
      continue;
    }
    if (values.has(name)) throw new Error(`--${name} is given twice`);
    if (flag.kind === 'boolean') {
      if (eq > 0) throw new Error(`--${name} takes no value, got '${arg.slice(eq + 1)}'`);
      values.set(name, 'true');
    } else if (eq > 0) {
      values.set(name, arg.slice(eq + 1));
    } else {
      const value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new Error(`--${name} needs a value`);
      values.set(name, value);
      i++;
    }
  }
  return { values, rest };
}

/** `--help` lines for a flag table. */
export function flagHelp(spec: Record<string, FlagSpec>): string {
  const names = Object.entries(spec).map(([n, f]) => [f.kind === 'value' ? `--${n} VALUE` : `--${n}`, f.doc]);
  const width = Math.max(...names.map(([n]) => n.length));
  return names.map(([n, doc]) => `  ${n.padEnd(width)}  ${doc}`).join('\n');
}
