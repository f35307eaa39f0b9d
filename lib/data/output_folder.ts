/**
 * The folder a data command (prepare, generate) writes into: created and
 * proved writable before any input is read, so that a wrong `--out` fails
 * in a second with its path named, not after a pass over the data. Node's
 * recursive mkdir retries forever where mkdir answers ENOENT under a parent
 * that exists (procfs: `--out /proc/x` spun at 100% CPU), so each missing
 * level is created on its own and the first failure is the answer.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fsyncDir } from '../util/atomic_write.js';
import { dirname, join, resolve } from 'node:path';

/** Creates `path` and its missing parents and checks that a file can be written in it; errors name the path and the cause. */
export function createOutputFolder(path: string, command: string): void {
  const target = resolve(path);
  const fail = (why: string): never => {
    throw new Error(`${command}: cannot write the output folder ${target}: ${why}`);
  };
  const missing: string[] = [];
  let p = target;
  while (!existsSync(p)) {
    missing.unshift(p);
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  if (existsSync(p) && !statSync(p).isDirectory()) fail(`${p} is a file, not a folder`);
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      fail(`creating ${dir} failed (${(err as Error).message})`);
    }
  }
  const probe = join(target, `.write-test-${process.pid}`);
  try {
    writeFileSync(probe, '');
  } catch (err) {
    fail(`it is not writable (${(err as Error).message})`);
  } finally {
    rmSync(probe, { force: true });
  }
  for (const dir of missing.slice(0, 1)) fsyncDir(dirname(dir));
}
