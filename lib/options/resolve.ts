/**
 * Options: an option file (with `__include__`) plus `--a.b.c value`
 * command-line overrides, validated against the typed schema before any
 * work starts. An unknown key, a wrong type or a value outside the allowed
 * range or choices stops the run with the key, where it came from and what
 * is allowed (docs/method.md §10.8: never printed and ignored).
 */
import { parse } from 'yaml';
import type { Override } from './option_args.js';
import { isField, leaves, type Field, type Infer, type Section } from './schema.js';
import { getPath, isMap, setPath, type Sources, type Tree } from './tree.js';
import { loadYamlWithIncludes } from './yaml_include.js';

const COMMAND_LINE = 'command line';
const DEFAULT_SOURCE = 'default';

export interface ResolvedOptions<S extends Section = Section> {
  /** Every option of the schema, at its resolved value. */
  values: Infer<S>;
  /** Where each leaf came from: a file, "command line" or "default". */
  sources: Sources;
  schema: S;
  /** What the files said that was not applied: each retired option they set, and why it is gone. */
  notes: string[];
}

/**
 * Options that were removed, by dotted key, with the reason. An option file
 * that still sets one (an older experiment's options.yaml) loads, with a
 * note, and the value is dropped; the command line, written now, may not
 * set one.
 */
export type RetiredOptions = Readonly<Record<string, string>>;

function describeKind(f: Field): string {
  if (f.kind === 'string') return f.choices ? `one of: ${f.choices.join(', ')}` : 'a string';
  if (f.kind === 'number') {
    const range = [f.min !== undefined ? `>= ${f.min}` : '', f.max !== undefined ? `<= ${f.max}` : ''].filter(Boolean).join(' and ');
    return `${f.integer ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}`;
  }
  if (f.kind === 'boolean') return 'true or false';
  return f.kind === 'string[]' ? 'a list of strings' : 'a list of numbers';
}

function allowed(f: Field): string {
  const nullable = (f.kind === 'string' || f.kind === 'number') && f.nullable ? ' (or empty for none)' : '';
  return describeKind(f) + nullable;
}

/** Null when `value` fits the field, else why not. */
function fieldError(f: Field, value: unknown): string | null {
  if (value === null) {
    if (f.kind === 'string' || f.kind === 'number') return f.nullable ? null : 'cannot be empty';
    return 'cannot be empty';
  }
  switch (f.kind) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (f.choices && !f.choices.includes(value)) return 'is not an allowed value';
      return null;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
      if (f.integer && !Number.isInteger(value)) return 'must be an integer';
      if (f.min !== undefined && value < f.min) return `is below the minimum ${f.min}`;
      if (f.max !== undefined && value > f.max) return `is above the maximum ${f.max}`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : 'must be a list of strings';
    case 'number[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v)) ? null : 'must be a list of numbers';
  }
}

/** Turns a command-line string into the field's type (numbers, booleans, `[a, b]` or `a,b` lists). */
export function coerce(f: Field, raw: string | null): unknown {
  if (raw === null) return f.kind === 'string[]' || f.kind === 'number[]' ? [] : null;
  switch (f.kind) {
    case 'string':
      return raw;
    case 'number': {
      const n = raw.trim() === '' ? NaN : Number(raw);
      return Number.isNaN(n) ? raw : n;
    }
    case 'boolean': {
      const v = raw.toLowerCase();
      if (['true', 'yes', '1'].includes(v)) return true;
      if (['false', 'no', '0'].includes(v)) return false;
      return raw;
    }
    case 'string[]':
    case 'number[]': {
      let items: unknown[];
      if (raw.trim().startsWith('[')) {
        const parsed: unknown = parse(raw);
        if (!Array.isArray(parsed)) return raw;
        items = parsed;
      } else {
        items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
      }
      if (f.kind === 'string[]') return items.map((x) => (typeof x === 'string' ? x : String(x)));
      return items.map((x) => (typeof x === 'number' ? x : Number(x)));
    }
  }
}

function lookup(schema: Section, key: string): Field | Section | undefined {
  let node: Field | Section | undefined = schema;
  for (const part of key.split('.')) {
    if (node === undefined || isField(node)) return undefined;
    node = Object.prototype.hasOwnProperty.call(node, part) ? node[part] : undefined;
  }
  return node;
}

function knownKeysNear(schema: Section, key: string): string {
  const parts = key.split('.');
  for (let n = parts.length - 1; n >= 0; n--) {
    const parent = parts.slice(0, n).join('.');
    const node = n === 0 ? schema : lookup(schema, parent);
    if (node && !isField(node)) return `options under '${parent || '(top)'}': ${Object.keys(node).join(', ')}`;
  }
  return '';
}

function show(v: unknown): string {
  // JSON writes Infinity and NaN as null: a message must show what was given.
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (Array.isArray(v) && v.some((x) => typeof x === 'number' && !Number.isFinite(x))) return `[${v.map(show).join(', ')}]`;
  return JSON.stringify(v) ?? String(v);
}

/** Validates `tree` against `schema`, filling defaults; every problem is collected into `errors`. */
function resolveSection(schema: Section, tree: Tree, sources: Sources, prefix: string, errors: string[], retired: RetiredOptions, notes: string[]): Tree {
  const out: Tree = {};
  const where = (key: string): string => sources.get(key) ?? [...sources.entries()].find(([k]) => k.startsWith(`${key}.`))?.[1] ?? DEFAULT_SOURCE;
  for (const key of Object.keys(tree)) {
    if (!Object.prototype.hasOwnProperty.call(schema, key)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (Object.prototype.hasOwnProperty.call(retired, path)) {
        notes.push(`option '${path}' (from ${where(path)}) was removed and is ignored: ${retired[path]}`);
        sources.delete(path);
        continue;
      }
      errors.push(`unknown option '${path}' (from ${where(path)}); options under '${prefix || '(top)'}': ${Object.keys(schema).join(', ')}`);
    }
  }
  for (const [key, node] of Object.entries(schema)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const present = Object.prototype.hasOwnProperty.call(tree, key);
    const value = tree[key];
    if (isField(node)) {
      if (!present) {
        out[key] = structuredClone(node.default);
        sources.set(path, DEFAULT_SOURCE);
        continue;
      }
      const why = fieldError(node, value);
      if (why) errors.push(`option '${path}' = ${show(value)} (from ${where(path)}) ${why}; allowed: ${allowed(node)}`);
      out[key] = value;
    } else if (!present || value === undefined) {
      out[key] = resolveSection(node, {}, sources, path, errors, retired, notes);
    } else if (!isMap(value)) {
      errors.push(`option '${path}' (from ${where(path)}) is a group of options, not a value; its options: ${Object.keys(node).join(', ')}`);
      out[key] = resolveSection(node, {}, sources, path, errors, retired, notes);
    } else {
      out[key] = resolveSection(node, value, sources, path, errors, retired, notes);
    }
  }
  return out;
}

/** Applies the overrides; an unknown key or a group given a value is an error naming the command line. */
function applyOverrides(schema: Section, tree: Tree, overrides: readonly Override[], sources: Sources, errors: string[], retired: RetiredOptions): void {
  for (const { key, raw } of overrides) {
    const node = lookup(schema, key);
    if (node === undefined && Object.prototype.hasOwnProperty.call(retired, key)) {
      errors.push(`option '--${key}' (from ${COMMAND_LINE}) was removed: ${retired[key]}`);
    } else if (node === undefined) {
      errors.push(`unknown option '--${key}' (from ${COMMAND_LINE}); ${knownKeysNear(schema, key)}`);
    } else if (!isField(node)) {
      errors.push(`option '--${key}' (from ${COMMAND_LINE}) is a group of options; set one of: ${Object.keys(node).map((k) => `${key}.${k}`).join(', ')}`);
    } else {
      setPath(tree, key, coerce(node, raw));
      sources.set(key, COMMAND_LINE);
    }
  }
}

/**
 * Loads an option file (or none: schema defaults), applies the overrides,
 * validates the lot. Throws one error listing every problem found.
 */
export function resolveOptions<S extends Section>(schema: S, optionsFile: string | null, overrides: readonly Override[] = [], retired: RetiredOptions = {}): ResolvedOptions<S> {
  const sources: Sources = new Map();
  const tree = optionsFile ? loadYamlWithIncludes(optionsFile, sources) : {};
  const errors: string[] = [];
  const notes: string[] = [];
  applyOverrides(schema, tree, overrides, sources, errors, retired);
  const values = resolveSection(schema, tree, sources, '', errors, retired, notes);
  if (errors.length > 0) {
    const head = `invalid options${optionsFile ? ` (${optionsFile})` : ''}:`;
    throw new OptionsError(`${head}\n  - ${errors.join('\n  - ')}`, errors);
  }
  // Every field was checked against its declaration above, so the tree has the declared types.
  return { values: values as Infer<S>, sources, schema, notes };
}

export class OptionsError extends Error {
  constructor(message: string, readonly problems: string[]) {
    super(message);
    this.name = 'OptionsError';
  }
}

/** `--help`: every option with its resolved value, where it came from, its doc and what it accepts. */
export function helpText(resolved: { values: object; sources: Sources; schema: Section }): string {
  const rows = leaves(resolved.schema).map(([key, f]) => ({
    key: `--${key}`,
    value: show(getPath(resolved.values, key)),
    source: resolved.sources.get(key) ?? DEFAULT_SOURCE,
    doc: `${f.doc} [${allowed(f)}]`,
  }));
  const kw = Math.max(...rows.map((r) => r.key.length));
  const vw = Math.min(40, Math.max(...rows.map((r) => r.value.length)));
  return rows.map((r) => `${r.key.padEnd(kw)}  ${r.value.padEnd(vw)}  ${r.doc}  (${r.source})`).join('\n');
}
