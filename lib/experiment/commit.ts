/**
 * One commit point per save of an experiment folder (the end of an epoch,
 * or an interruption). A save first writes each of its files (ckpt_last's
 * tensors, the improved ckpt_best_* sets, logs.json, ...) under a staged
 * name, `<file>.pending-<token>`; then the commit record, ckpt_last's engine
 * file, which names them in `commit`; then renames each staged file over
 * its final name. Every write is atomic and durable (lib/util/atomic_write).
 *
 * Until the record lands, the final names all hold the previous save, which
 * stays whole to fall back to; the staged files are ignored and removed by
 * the next writer (`discardUncommitted`). Once it has landed the save is
 * complete even if some renames are not done yet: readers resolve a name
 * through the record (`committedPath`), and the folder's next writer
 * finishes the renames (`completeCommit`) before anything else.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FileOps } from '../util/atomic_write.js';

/** ckpt_last's engine file (checkpoint.ts names it) doubles as the commit record. */
export const COMMIT_RECORD = 'ckpt_last_engine.json';

export interface CommitRecord {
  token: string;
  /** Final names (relative to the folder) of the files staged for this save. */
  commit?: string[];
}

export interface StagedFile {
  /** Final name, relative to the folder. */
  name: string;
  data: string | Uint8Array;
}

const STAGED = /\.pending-[^/]+$/;
/** Temporary files of the atomic writes of the files a save owns (not, say, another command's logs_<name>.json). */
const TEMPORARY = /^(ckpt_.+|logs\.json|options\.yaml)\.tmp-\d+-\d+$/;

export function stagedName(name: string, token: string): string {
  return `${name}.pending-${token}`;
}

/** The record of the last save, or null when the folder has none. */
export function readCommitRecord(dir: string): CommitRecord | null {
  const file = join(dir, COMMIT_RECORD);
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: unreadable (${(err as Error).message})`);
  }
  const r = raw as Partial<CommitRecord>;
  if (typeof r.token !== 'string' || (r.commit !== undefined && !(Array.isArray(r.commit) && r.commit.every((n) => typeof n === 'string')))) {
    throw new Error(`${file}: not an engine state (token and commit list expected)`);
  }
  return r as CommitRecord;
}

/** Where the committed content of `name` is now: its staged file while the save's renames are not done, else the file itself. */
export function committedPath(dir: string, name: string): string {
  const record = readCommitRecord(dir);
  if (record?.commit?.includes(name)) {
    const staged = join(dir, stagedName(name, record.token));
    if (existsSync(staged)) return staged;
  }
  return join(dir, name);
}

/** Final names staged by the last save (listed by its record), whether renamed yet or not. */
export function committedNames(dir: string): string[] {
  return readCommitRecord(dir)?.commit ?? [];
}

/**
 * Writes one save: the staged files, then `record` (the text of the commit
 * record, whose `commit` must list `files` and whose token is `token`), then
 * the renames.
 */
export function writeCommit(ops: FileOps, dir: string, token: string, files: readonly StagedFile[], record: string): void {
  for (const f of files) ops.write(join(dir, stagedName(f.name, token)), f.data);
  ops.write(join(dir, COMMIT_RECORD), record);
  for (const f of files) ops.rename(join(dir, stagedName(f.name, token)), join(dir, f.name));
}

/** Finishes the renames of the last save, if a crash cut them short; returns the names it moved. */
export function completeCommit(ops: FileOps, dir: string): string[] {
  const record = readCommitRecord(dir);
  const moved: string[] = [];
  for (const name of record?.commit ?? []) {
    const staged = join(dir, stagedName(name, (record as CommitRecord).token));
    if (!existsSync(staged)) continue;
    ops.rename(staged, join(dir, name));
    moved.push(name);
  }
  return moved;
}

/** Removes what saves that never committed left behind (staged and temporary files); run after completeCommit. */
export function discardUncommitted(ops: FileOps, dir: string): string[] {
  if (!existsSync(dir)) return [];
  const stray = readdirSync(dir).filter((f) => STAGED.test(f) || TEMPORARY.test(f));
  for (const f of stray) ops.remove(join(dir, f));
  return stray;
}
