/**
 * Where a notebook's data lives at each scale, made on first use. smoke
 * generates a small recipe1m-mini cookbook under data/notebooks-smoke; demo
 * uses the cookbook of the main job (`npm start`: recipe1m-mini small in
 * data/recipe1m-mini-small, so the notebooks and REPORT.md describe the same
 * data); both are seeded and prepared with `recipe1m prepare`, and
 * RECIPE1M_NB_DATA moves them. full reads the user's Recipe1M folder
 * (RECIPE1M_ROOT) and prepared store (RECIPE1M_PREPARED).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateCookbook, type MiniSize } from '../data/generator/generate.js';
import { DEMO_DATA } from '../engine/demo.js';
import { readManifest } from '../data/store.js';
import { runRecipe1mOrThrow } from './run_cli.js';
import { preparedRecipe1M, type NotebookScale } from './scale.js';

type Env = Record<string, string | undefined>;

/** The cookbook size per scale: `tiny` is 480 recipes, `small` 16,000 (the main job's). */
export const MINI_SIZE: Record<Exclude<NotebookScale, 'full'>, MiniSize> = { smoke: 'tiny', demo: 'small' };
export const MINI_SEED = 1338;

/** The cookbook folder and its prepared store for a generated scale. */
function folders(scale: Exclude<NotebookScale, 'full'>, env: Env): { raw: string; prepared: string } {
  const base = env.RECIPE1M_NB_DATA || (scale === 'demo' ? undefined : join('data', `notebooks-${scale}`));
  if (base === undefined) return { raw: DEMO_DATA, prepared: join(DEMO_DATA, 'prepared') };
  return { raw: join(base, 'raw'), prepared: join(base, 'prepared') };
}

/** The Recipe1M-layout folder (layer1.json, layer2.json, det_ingrs.json, images/). */
export async function rawData(scale: NotebookScale, env: Env = process.env): Promise<string> {
  if (scale === 'full') {
    const root = env.RECIPE1M_ROOT;
    if (!root) throw new Error('RECIPE1M_NB_SCALE=full needs RECIPE1M_ROOT=<the Recipe1M folder with layer1.json>');
    return root;
  }
  const { raw } = folders(scale, env);
  if (!existsSync(join(raw, 'layer1.json'))) await generateCookbook({ out: raw, size: MINI_SIZE[scale], seed: MINI_SEED });
  return raw;
}

function readable(prepared: string): boolean {
  try {
    readManifest(prepared);
    return true;
  } catch {
    return false;
  }
}

/** The folder `recipe1m prepare` wrote (stores, vocab.json, manifest). */
export async function preparedData(scale: NotebookScale, env: Env = process.env): Promise<string> {
  if (scale === 'full') return preparedRecipe1M(env);
  const raw = await rawData(scale, env);
  const { prepared } = folders(scale, env);
  if (!existsSync(join(prepared, 'vocab.json'))) {
    runRecipe1mOrThrow(['prepare', '--recipe1m', raw, '--out', prepared, '--quiet']);
  } else if (!readable(prepared)) {
    // Written by an older version of the store format: redo it rather than fail in every notebook.
    runRecipe1mOrThrow(['prepare', '--recipe1m', raw, '--out', prepared, '--quiet', '--force']);
  }
  return prepared;
}
