/**
 * Starts a pool's worker thread. The project runs its TypeScript sources
 * through tsx, and a worker does not inherit the loader the main thread
 * registered, so the thread first registers tsx, then imports
 * worker_main.ts. Its path is found from this module's own file (read
 * from a stack trace: lib/ may not use import.meta, docs/stack.md §4).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerInit } from './worker_messages.js';

function thisModuleFile(): string {
  // The frame of this function: "at thisModuleFile (<path or file URL>:line:column)".
  const frame = (new Error().stack?.split('\n')[1] ?? '').trim();
  const m = /\(((?:file:\/\/)?[^()]+):\d+:\d+\)$/.exec(frame) ?? /^at ((?:file:\/\/)?[^()]+):\d+:\d+$/.exec(frame);
  if (!m) throw new Error(`cannot locate the pool worker's module (stack frame: ${frame})`);
  return m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
}

const ENTRY = join(dirname(thisModuleFile()), 'worker_main.ts');

/** tsx's ES-module API file, as its package.json exports it (a require() resolution would give the CommonJS build). */
function tsxApi(): string {
  const manifest = createRequire(ENTRY).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> };
  const file = pkg.exports?.['./esm/api']?.import?.default;
  if (!file) throw new Error(`${manifest} exports no ES-module './esm/api': the pool workers cannot load the TypeScript sources`);
  return join(dirname(manifest), file);
}

export function spawnWorker(init: WorkerInit): Worker {
  const tsx = tsxApi();
  const code = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(ENTRY).href)}); });`;
  // No execArgv: the main thread's flags (--test, --import tsx, ...) are not all valid in a worker.
  return new Worker(code, { eval: true, workerData: init, execArgv: [] });
}
