/**
 * The experiment folder's life cycle: a fresh run refuses a non-empty
 * folder unless told to erase it (never an interactive prompt, docs/method.md §10.9); a
 * resumed run needs the folder and its checkpoint.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from '../util/atomic_write.js';
import { checkpointTags } from './checkpoint.js';

export function prepareExperimentDir(dir: string, resume: string | null, overwrite: boolean): void {
  if (resume !== null) {
    if (!existsSync(dir)) throw new Error(`--exp.resume ${resume}: the experiment folder ${dir} does not exist`);
    if (!checkpointTags(dir).includes(resume)) {
      const tags = checkpointTags(dir);
      throw new Error(`--exp.resume ${resume}: no such checkpoint in ${dir}; available: ${tags.length ? tags.join(', ') : 'none'}`);
    }
    return;
  }
  const entries = existsSync(dir) ? readdirSync(dir) : [];
  if (entries.length > 0) {
    if (!overwrite) {
      const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', ...' : '');
      throw new Error(
        `the experiment folder ${dir} is not empty (${shown}). Continue it with --exp.resume last, erase it with --exp.overwrite true, or choose another --exp.dir`,
      );
    }
    for (const e of entries) rmSync(join(dir, e), { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
}

/**
 * Writes the resolved options. exp.resume and exp.overwrite say how this
 * run was started, not what the experiment is: they are reset, so that
 * `-o <exp>/options.yaml` never erases or resumes anything unless asked again.
 */
export function writeOptionsFile(dir: string, values: Record<string, unknown>): string {
  const file = join(dir, 'options.yaml');
  const copy = structuredClone(values) as { exp?: Record<string, unknown> };
  if (copy.exp) copy.exp = { ...copy.exp, resume: null, overwrite: false };
  writeFileAtomic(file, `# Resolved options of this experiment (every option, defaults included).\n${stringify(copy)}`);
  return file;
}
