/** The experiment's identity: a hash of the options that define the run. */
import { createHash } from 'node:crypto';
import { isMap, setPath, type Tree } from './tree.js';

/** A stable hash of the options that define the run (not how it was started: resuming, overwriting, where evaluation logs go). */
export function optionsHash(values: object, ignore: readonly string[] = ['exp.resume', 'exp.overwrite', 'misc.logs_name']): string {
  const copy = structuredClone(values) as Tree;
  for (const key of ignore) setPath(copy, key, null);
  const canonical = (v: unknown): unknown =>
    isMap(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])])) : v;
  return createHash('sha256').update(JSON.stringify(canonical(copy))).digest('hex').slice(0, 16);
}
