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

/** `--port`: decimal digits from 0 to 65535 (Number() would take '0x1F90' for 8080); default 8080. */
export function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 8080;
  const n = /^[0-9]+$/u.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n > 65535) throw new Error(`--port must be an integer from 0 to 65535 in decimal digits, got '${raw}'`);
  return n;
}

/** `--max-upload-mb`: a decimal number above 0 and at most 1000; default 10. */
export function parseUploadMb(raw: string | undefined): number {
  if (raw === undefined) return 10;
  const n = /^[0-9]+(\.[0-9]+)?$/u.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > 1000) throw new Error(`--max-upload-mb must be a decimal number above 0 and at most 1000, got '${raw}'`);
  return n;
}

/** `--help` lines for a flag table. */
export function flagHelp(spec: Record<string, FlagSpec>): string {
  const names = Object.entries(spec).map(([n, f]) => [f.kind === 'value' ? `--${n} VALUE` : `--${n}`, f.doc]);
  const width = Math.max(...names.map(([n]) => n.length));
  return names.map(([n, doc]) => `  ${n.padEnd(width)}  ${doc}`).join('\n');
}
