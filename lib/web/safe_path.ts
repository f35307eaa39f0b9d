/**
 * Maps a URL path under /images/ to a file that is certainly inside the
 * dataset's images folder: no "..", no absolute paths, no NUL, and no
 * symbolic link leading out.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The real path of `relative` inside `root`, or undefined when it is outside, odd or not a file. */
export async function resolveInside(root: string, relative: string): Promise<string | undefined> {
  if (relative.includes('\0') || relative.includes('\\')) return undefined;
  const segments = relative.split('/');
  if (segments.some((s) => s === '..' || s === '.' || s === '')) return undefined;
  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
  } catch {
    return undefined;
  }
  const candidate = path.resolve(realRoot, ...segments);
  if (!candidate.startsWith(realRoot + path.sep)) return undefined;
  try {
    const real = await fs.realpath(candidate);
    if (!real.startsWith(realRoot + path.sep)) return undefined;
    return (await fs.stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}
