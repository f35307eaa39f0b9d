/**
 * How big a notebook run is. RECIPE1M_NB_SCALE chooses: `smoke` (tiny data
 * and a few steps, for CI), `demo` (the default: the generated mini cookbook
 * at a size that shows something in minutes), `full` (a prepared Recipe1M
 * store named by RECIPE1M_PREPARED). Figures go to
 * `<RECIPE1M_NB_OUT or results>/<notebook>/`.
 */
import { join } from 'node:path';

export type NotebookScale = 'smoke' | 'demo' | 'full';
export const NOTEBOOK_SCALES: readonly NotebookScale[] = ['smoke', 'demo', 'full'];

type Env = Record<string, string | undefined>;

export function notebookScale(env: Env = process.env): NotebookScale {
  const value = env.RECIPE1M_NB_SCALE;
  if (value === undefined || value === '') return 'demo';
  if ((NOTEBOOK_SCALES as readonly string[]).includes(value)) return value as NotebookScale;
  throw new Error(`RECIPE1M_NB_SCALE=${value} is not a scale; use one of ${NOTEBOOK_SCALES.join(', ')}`);
}

/** The folder a notebook's figures and experiments go to. */
export function notebookOutDir(notebook: string, env: Env = process.env): string {
  return join(env.RECIPE1M_NB_OUT || 'results', notebook);
}

/** The prepared Recipe1M folder of the `full` scale. */
export function preparedRecipe1M(env: Env = process.env): string {
  const dir = env.RECIPE1M_PREPARED;
  if (!dir) throw new Error('RECIPE1M_NB_SCALE=full needs RECIPE1M_PREPARED=<folder of a prepared Recipe1M store>');
  return dir;
}
