/**
 * `recipe1m serve` as a user runs it, in a child process, for the upload
 * fault tests and the serve bench: its port, its memory as Linux's /proc
 * reports it (resident now, and the peak since the last reset), and a stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServeProcess {
  port: number;
  pid: number;
  /** Resident memory now, MB (VmRSS). */
  rssMB(): number;
  /** The resident peak since start or the last resetPeak, MB (VmHWM). */
  peakMB(): number;
  /** Restarts the peak at the current resident size (writes 5 to clear_refs). */
  resetPeak(): void;
  /** What the server wrote to stderr so far (its request log). */
  stderr(): string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** True where the memory figures can be read: Linux with /proc. */
export function canReadMemory(): boolean {
  try {
    return /VmHWM/.test(readFileSync('/proc/self/status', 'utf8'));
  } catch {
    return false;
  }
}

function statusMB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(m[1]) / 1024;
}

/** Starts `recipe1m serve ARGS --port 0` and resolves once it listens. */
export function startServe(args: readonly string[]): Promise<ServeProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(REPO, 'bin/recipe1m.js'), 'serve', ...args, '--port', '0'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    void exited.then((code) => reject(new Error(`recipe1m serve exited (${code}) before listening: ${stderr.slice(-2000)}`)));
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /on http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
      if (!m) return;
      const pid = child.pid!;
      resolve({
        port: Number(m[1]),
        pid,
        rssMB: () => statusMB(pid, 'VmRSS'),
        peakMB: () => statusMB(pid, 'VmHWM'),
        resetPeak: () => writeFileSync(`/proc/${pid}/clear_refs`, '5'),
        stderr: () => stderr,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}
