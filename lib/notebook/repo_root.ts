/**
 * Notebooks run with their own folder as the working directory; the project
 * resolves data, options and results from the repository root, as the
 * command line does. `enterRepositoryRoot()` moves there (idempotent, so a
 * re-run cell does not wander further up).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The nearest folder at or above `from` holding bin/recipe1m.js. */
export function repositoryRoot(from: string = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'bin', 'recipe1m.js'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no recipe1m-ts repository (bin/recipe1m.js) at or above ${from}`);
    dir = parent;
  }
}

export function enterRepositoryRoot(): string {
  const root = repositoryRoot();
  process.chdir(root);
  return root;
}
