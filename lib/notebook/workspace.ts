/**
 * The data of a notebook run, made on first use. A given prepared store is
 * used as it is (and its Recipe1M folder, recorded in its manifest, is the
 * raw data); a given Recipe1M folder alone is prepared into the run's
 * results folder at `smoke` and `demo` (with the default image backbone;
 * `full` asks for a store prepared with a real one). With neither, `smoke`
 * generates a small recipe1m-mini cookbook under data/notebooks-smoke and
 * `demo` uses the cookbook of the main job (`npm start`: recipe1m-mini
 * small in data/recipe1m-mini-small, so the notebooks and REPORT.md
 * describe the same data), both seeded and prepared with `recipe1m prepare`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateCookbook, type MiniSize } from '../data/generator/generate.js';
import { DEMO_DATA } from '../experiment/demo.js';
import { readManifest } from '../data/store.js';
import { runRecipe1mOrThrow } from './run_cli.js';
import type { NotebookRun, NotebookScale } from './notebook_run.js';

/** The cookbook size per scale: `tiny` is 480 recipes, `small` 16,000 (the main job's). */
export const MINI_SIZE: Record<Exclude<NotebookScale, 'full'>, MiniSize> = { smoke: 'tiny', demo: 'small' };
export const MINI_SEED = 1338;

/** The generated cookbook's folder and its prepared store. */
function generatedFolders(scale: Exclude<NotebookScale, 'full'>): { raw: string; prepared: string } {
  if (scale === 'demo') return { raw: DEMO_DATA, prepared: join(DEMO_DATA, 'prepared') };
  const base = join('data', `notebooks-${scale}`);
  return { raw: join(base, 'raw'), prepared: join(base, 'prepared') };
}

const FULL_NEEDS = "scale full needs the parameter prepared (a store from `recipe1m prepare --backbone ...` of your Recipe1M folder)";

/** The Recipe1M-layout folder (layer1.json, layer2.json, images/, det_ingrs.json when there is one). */
export async function rawData(run: NotebookRun): Promise<string> {
  if (run.raw) return run.raw;
  if (run.prepared) return readManifest(run.prepared).source;
  if (run.scale === 'full') throw new Error(`${FULL_NEEDS}, or raw (the Recipe1M folder itself)`);
  const { raw } = generatedFolders(run.scale);
  if (!existsSync(join(raw, 'layer1.json'))) await generateCookbook({ out: raw, size: MINI_SIZE[run.scale], seed: MINI_SEED });
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
export async function preparedData(run: NotebookRun): Promise<string> {
  if (run.prepared) {
    readManifest(run.prepared);
    return run.prepared;
  }
  if (run.scale === 'full') throw new Error(FULL_NEEDS);
  if (run.raw) {
    // prepare does nothing when the store is up to date with the folder.
    const prepared = join(run.results, 'prepared');
    runRecipe1mOrThrow(['prepare', '--recipe1m', run.raw, '--out', prepared, '--quiet']);
    return prepared;
  }
  const raw = await rawData(run);
  const { prepared } = generatedFolders(run.scale);
  if (!existsSync(join(prepared, 'vocab.json'))) {
    runRecipe1mOrThrow(['prepare', '--recipe1m', raw, '--out', prepared, '--quiet']);
  } else if (!readable(prepared)) {
    // Written by an older version of the store format: redo it rather than fail in every notebook.
    runRecipe1mOrThrow(['prepare', '--recipe1m', raw, '--out', prepared, '--quiet', '--force']);
  }
  return prepared;
}
