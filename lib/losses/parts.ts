/**
 * The one table a criterion is assembled from. Each entry maps a name to a
 * part and is keyed by the `model.criterion` option that picks it, so the
 * option's allowed values are this table's names (options.ts reads them
 * here). A new reducer or miner is one file and one line below.
 */
import type { Distance } from './distances/distance.js';
import { cosine } from './distances/cosine.js';
import { infonce } from './infonce.js';
import { liftedStruct } from './lifted_struct.js';
import type { LossFamily } from './loss.js';
import { all } from './miners/all.js';
import type { Miner } from './miners/miner.js';
import { POSITIVES_PER_ANCHOR } from './miners/semantic.js';
import { semiHard } from './miners/semi_hard.js';
import { pairwise } from './pairwise.js';
import { adaptive } from './reducers/adaptive.js';
import { hardest } from './reducers/hardest.js';
import { mean } from './reducers/mean.js';
import type { Reducer } from './reducers/reducer.js';
import { triplet } from './triplet.js';

export interface Parts {
  /** Loss families (`model.criterion.name`). */
  name: Readonly<Record<string, LossFamily>>;
  /** Distances; no option picks one: the paper has one (docs/method.md §4.1). */
  distance: Readonly<Record<string, Distance>>;
  miner: Readonly<Record<string, Miner>>;
  reduction: Readonly<Record<string, Reducer>>;
  /** Positives per semantic anchor. */
  semantic_positives: Readonly<Record<string, number>>;
}

export const PARTS = {
  name: { triplet, pairwise, lifted_struct: liftedStruct, infonce },
  distance: { cosine },
  miner: { all, semi_hard: semiHard },
  reduction: { mean, hardest, adaptive },
  semantic_positives: POSITIVES_PER_ANCHOR,
} as const satisfies Parts;

/** The names of one table, in its order. */
export function namesOf<T extends object>(table: T): (keyof T & string)[] {
  return Object.keys(table) as (keyof T & string)[];
}

/** The part named `name` in `parts[field]`; an unknown name is an error that lists the known ones. */
export function lookup<F extends keyof Parts>(parts: Parts, field: F, name: string): Parts[F][string] {
  const table = parts[field];
  if (!Object.hasOwn(table, name)) throw new Error(`model.criterion.${field}: '${name}' is not one of ${namesOf(table).join(', ')}`);
  return table[name] as Parts[F][string];
}
