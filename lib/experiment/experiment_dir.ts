/**
 * The experiment folder's life cycle. A fresh run refuses a non-empty
 * folder unless told to erase it (never an interactive prompt, docs/method.md §10.9); a resumed
 * run needs the folder and its checkpoint. The checks read only: a run
 * writes nothing into the folder until every check before training has
 * passed (`startExperimentDir`, or for a resumed run `recoverExperimentDir`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { FileOps } from '../util/atomic_write.js';
import { checkpointTags } from './checkpoint.js';
import { completeCommit, discardUncommitted } from './commit.js';

export const OPTIONS_FILE = 'options.yaml';

/** Throws when the folder cannot be used as asked; writes nothing. */
export function checkExperimentDir(dir: string, resume: string | null, overwrite: boolean): void {
  if (resume !== null) {
    if (!existsSync(dir)) throw new Error(`--exp.resume ${resume}: the experiment folder ${dir} does not exist`);
    if (!checkpointTags(dir).includes(resume)) {
      const tags = checkpointTags(dir);
      throw new Error(`--exp.resume ${resume}: no such checkpoint in ${dir}; available: ${tags.length ? tags.join(', ') : 'none'}`);
    }
    return;
  }
  const entries = existsSync(dir) ? readdirSync(dir) : [];
  if (entries.length > 0 && !overwrite) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', ...' : '');
    const resumable = checkpointTags(dir).includes('last')
      ? 'Continue it with --exp.resume last, erase it'
      : 'It holds no checkpoint to continue from (a run that stopped before its first save); erase it';
    throw new Error(`the experiment folder ${dir} is not empty (${shown}). ${resumable} with --exp.overwrite true, or choose another --exp.dir`);
  }
}

/** A fresh run's start: empties the folder (with exp.overwrite, after checkExperimentDir) or creates it. */
export function startExperimentDir(ops: FileOps, dir: string): void {
  if (existsSync(dir)) for (const e of readdirSync(dir)) ops.remove(join(dir, e));
  ops.mkdir(dir);
}

/** Undoes startExperimentDir for a fresh run that saved nothing: the folder as it was found (absent, or empty). */
export function abandonExperimentDir(ops: FileOps, dir: string, existed: boolean): void {
  if (!existed) ops.remove(dir);
  else if (existsSync(dir)) for (const e of readdirSync(dir)) ops.remove(join(dir, e));
}

/** A resumed run's start: finishes a save a crash cut short and removes what unfinished saves left; returns what it did, for the log. */
export function recoverExperimentDir(ops: FileOps, dir: string): string[] {
  const notes: string[] = [];
  const moved = completeCommit(ops, dir);
  if (moved.length) notes.push(`completed the last save, which a crash had interrupted after its commit point (${moved.join(', ')})`);
  const stray = discardUncommitted(ops, dir);
  if (stray.length) notes.push(`removed ${stray.length} file(s) of a save that never reached its commit point (${stray.join(', ')})`);
  return notes;
}

/**
 * The text of options.yaml: the resolved options. exp.resume and
 * exp.overwrite say how this run was started, not what the experiment is:
 * they are reset, so that `-o <exp>/options.yaml` never erases or resumes
 * anything unless asked again. `notes` (what the run ran on) become comment
 * lines of the header: loading the file as options never sees them.
 */
export function optionsFileText(values: Record<string, unknown>, notes: readonly string[] = []): string {
  const copy = structuredClone(values) as { exp?: Record<string, unknown> };
  if (copy.exp) copy.exp = { ...copy.exp, resume: null, overwrite: false };
  const header = ['Resolved options of this experiment (every option, defaults included).', ...notes].flatMap((n) => n.split('\n')).map((l) => `# ${l}\n`);
  return `${header.join('')}${stringify(copy)}`;
}
