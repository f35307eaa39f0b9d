/**
 * Runs the `recipe1m` command line from a notebook, as a child process: the
 * notebooks train and evaluate through exactly the code users run, and a
 * long training run cannot leave tensors or a stuck backend in the kernel.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface CliRun {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** `node bin/recipe1m.js <args>` in `root` (the repository root, default the cwd). */
export function runRecipe1m(args: readonly string[], root: string = process.cwd()): CliRun {
  const start = performance.now();
  const child = spawnSync(process.execPath, [join(root, 'bin', 'recipe1m.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (child.error) throw new Error(`recipe1m ${args.join(' ')}: cannot start: ${child.error.message}`);
  return { args: [...args], code: child.status ?? 1, stdout: child.stdout, stderr: child.stderr, seconds: (performance.now() - start) / 1000 };
}

/** runRecipe1m, failing with the command and the end of its stderr when it exits non-zero. */
export function runRecipe1mOrThrow(args: readonly string[], root: string = process.cwd()): CliRun {
  const run = runRecipe1m(args, root);
  if (run.code !== 0) {
    throw new Error(`recipe1m ${args.join(' ')} exited with ${run.code}:\n${(run.stderr || run.stdout).slice(-3000)}`);
  }
  return run;
}

/**
 * runRecipe1mOrThrow without blocking: several children can run side by
 * side (one per core, each single-threaded). Output is kept for the error.
 */
export function runRecipe1mAsync(args: readonly string[], root: string = process.cwd()): Promise<CliRun> {
  const start = performance.now();
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'recipe1m.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', (err) => reject(new Error(`recipe1m ${args.join(' ')}: cannot start: ${err.message}`)));
    child.on('close', (code) => {
      const run = { args: [...args], code: code ?? 1, stdout, stderr, seconds: (performance.now() - start) / 1000 };
      if (run.code !== 0) reject(new Error(`recipe1m ${args.join(' ')} exited with ${run.code}:\n${(stderr || stdout).slice(-3000)}`));
      else resolveRun(run);
    });
  });
}
