/**
 * Where a notebook's data lives at each scale, made on first use. smoke and
 * demo generate the recipe1m-mini cookbook (seeded, so every run sees the
 * same recipes) under RECIPE1M_NB_DATA (default data/notebooks-<scale>)
 * and prepare it with `recipe1m prepare`; full reads the user's Recipe1M
 * folder (RECIPE1M_ROOT) and prepared store (RECIPE1M_PREPARED).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateCookbook } from '../data/generator/generate.js';
import { readManifest } from '../data/store.js';
import { runRecipe1mOrThrow } from './run_cli.js';
import { preparedRecipe1M, type NotebookScale } from './scale.js';

type Env = Record<string, string | undefined>;

/** Recipes generated per scale (the mini cookbook's `tiny` size is 480). */
export const MINI_RECIPES: Record<Exclude<NotebookScale, 'full'>, number> = { smoke: 480, demo: 4000 };
export const MINI_SEED = 1338;

function dataDir(scale: Exclude<NotebookScale, 'full'>, env: Env): string {
  return env.RECIPE1M_NB_DATA || join('data', `notebooks-${scale}`);
}

/** The Recipe1M-layout folder (layer1.json, layer2.json, det_ingrs.json, images/). */
export async function rawData(scale: NotebookScale, env: Env = process.env): Promise<string> {
  if (scale === 'full') {
    const root = env.RECIPE1M_ROOT;
    if (!root) throw new Error('RECIPE1M_NB_SCALE=full needs RECIPE1M_ROOT=<the Recipe1M folder with layer1.json>');
    return root;
  }
  const raw = join(dataDir(scale, env), 'raw');
  if (!existsSync(join(raw, 'layer1.json'))) await generateCookbook({ out: raw, recipes: MINI_RECIPES[scale], seed: MINI_SEED });
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
  const prepared = join(dataDir(scale, env), 'prepared');
  if (!existsSync(join(prepared, 'vocab.json'))) {
    runRecipe1mOrThrow(['prepare', '--recipe1m', raw, '--out', prepared, '--quiet']);
  } else if (!readable(prepared)) {
    // Written by an older version of the store format: redo it rather than fail in every notebook.
    runRecipe1mOrThrow(['prepare', '--recipe1m', raw, '--out', prepared, '--quiet', '--force']);
  }
  return prepared;
}
