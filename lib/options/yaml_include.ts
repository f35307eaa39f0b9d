/**
 * Reads an option file with bootstrap-style `__include__` inheritance: the
 * included file(s) (one path or a list, relative to the including file) are
 * read first, in order, then the including file's own keys override them.
 * Nested maps merge key by key; lists and scalars replace. Every leaf
 * remembers the file that set it, so validation errors can name it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { isMap, type Sources, type Tree } from './tree.js';

export const INCLUDE_KEY = '__include__';

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/** Records `source` for every leaf of `value` under `prefix`, replacing whatever was recorded there. */
function markSources(value: unknown, prefix: string, source: string, sources: Sources): void {
  for (const key of [...sources.keys()]) if (key === prefix || key.startsWith(`${prefix}.`)) sources.delete(key);
  const addLeaves = (v: unknown, path: string): void => {
    if (isMap(v) && Object.keys(v).length > 0) for (const [k, x] of Object.entries(v)) addLeaves(x, join(path, k));
    else sources.set(path, source);
  };
  addLeaves(value, prefix);
}

/** Merges `over` into `base` in place (maps merge, everything else replaces). */
export function mergeInto(base: Tree, over: Tree, source: string, sources: Sources, prefix = ''): void {
  for (const [key, value] of Object.entries(over)) {
    const path = join(prefix, key);
    if (isMap(value) && isMap(base[key])) {
      mergeInto(base[key] as Tree, value, source, sources, path);
    } else {
      base[key] = structuredClone(value);
      markSources(value, path, source, sources);
    }
  }
}

function readYamlMap(file: string): Tree {
  if (!existsSync(file)) throw new Error(`option file not found: ${file}`);
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`option file ${file} is not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isMap(doc)) throw new Error(`option file ${file} must hold a map of options, got ${Array.isArray(doc) ? 'a list' : typeof doc}`);
  return doc;
}

function includesOf(doc: Tree, file: string): string[] {
  const inc = doc[INCLUDE_KEY];
  if (inc === undefined || inc === null) return [];
  const list = Array.isArray(inc) ? inc : [inc];
  return list.map((p) => {
    if (typeof p !== 'string' || p === '') throw new Error(`${INCLUDE_KEY} in ${file} must be a path or a list of paths, got ${JSON.stringify(p)}`);
    return resolve(dirname(file), p);
  });
}

/** One file's own keys, in the order they apply (included files first). */
export interface Layer {
  file: string;
  tree: Tree;
}

/** A path as people read it in messages: relative to the working directory when inside it. */
function shown(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/** The files `file` includes (recursively, depth first) and then itself. */
export function yamlLayers(file: string, chain: string[] = []): Layer[] {
  const abs = resolve(file);
  if (chain.includes(abs)) throw new Error(`${INCLUDE_KEY} cycle: ${[...chain, abs].join(' -> ')}`);
  const doc = readYamlMap(abs);
  const layers = includesOf(doc, abs).flatMap((inc) => yamlLayers(inc, [...chain, abs]));
  const own = { ...doc };
  delete own[INCLUDE_KEY];
  return [...layers, { file: chain.length === 0 ? file : shown(abs), tree: own }];
}

/** Loads `file` and everything it includes; `sources` gets the file of every leaf. */
export function loadYamlWithIncludes(file: string, sources: Sources = new Map()): Tree {
  const out: Tree = {};
  for (const layer of yamlLayers(file)) mergeInto(out, layer.tree, layer.file, sources);
  return out;
}
