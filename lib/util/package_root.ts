/**
 * Where this package is installed, found from a module's own file rather
 * than from the working directory (a notebook runs in notebooks/, a test
 * may run anywhere). lib/ may not use import.meta: the notebooks' kernel
 * (tslab) compiles the modules it imports as CommonJS, where it does not
 * exist, and ES modules have no __filename. A stack trace names the calling
 * module's file in both, as a path or a file URL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'recipe1m-ts';

/** The file of the module whose code called this function. */
export function callerFile(): string {
  // Frames: "Error", this function, then its caller: "at f (<path or file URL>:line:column)" or "at <path or file URL>:line:column".
  const frame = (new Error().stack?.split('\n')[2] ?? '').trim();
  const m = /\(((?:file:\/\/)?[^()]+):\d+:\d+\)$/.exec(frame) ?? /^at ((?:file:\/\/)?[^()]+):\d+:\d+$/.exec(frame);
  if (!m) throw new Error(`cannot tell which module file is running (stack frame: ${frame || '(none)'})`);
  return m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
}

/** The nearest folder at or above `from` whose package.json is named `name`. */
export function packageRoot(from: string, name: string = PACKAGE_NAME): string {
  let dir = resolve(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      let found: unknown;
      try {
        found = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
      } catch (err) {
        throw new Error(`${manifest}: not readable JSON (${(err as Error).message.split('\n')[0]})`);
      }
      if (found === name) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json named ${name} at or above ${from}`);
    dir = parent;
  }
}
