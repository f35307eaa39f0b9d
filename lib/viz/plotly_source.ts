/**
 * The plotly.js bundle's file path, resolved like a Node import from the
 * current directory (lib/ may not use import.meta, see docs/stack.md §4: the tslab
 * kernel fails on it). Resolution walks up from the cwd, so it works from the
 * repository root and from notebooks/ alike.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

export function plotlyBundlePath(fromDir: string = process.cwd()): string {
  const resolve = createRequire(join(fromDir, 'noop.js')).resolve;
  try {
    return resolve('plotly.js-dist-min');
  } catch (err) {
    throw new Error(`plotly.js-dist-min cannot be resolved from ${fromDir}: ${(err as Error).message.split('\n')[0]}`);
  }
}
