/**
 * One notebook run, from the notebook's `parameters` cell: how big it is
 * (`smoke`: tiny data and a few steps, a check that it runs; `demo`: the
 * generated mini cookbook at a size that shows something in minutes;
 * `full`: the paper's model and schedule on a prepared store of the
 * user's), which data it reads, and where its experiments and figures go.
 * Each scale writes under its own folder, `results/notebooks/<scale>/`
 * unless `results` says otherwise, one subfolder per notebook.
 */
import { join } from 'node:path';

export type NotebookScale = 'smoke' | 'demo' | 'full';
export const NOTEBOOK_SCALES: readonly NotebookScale[] = ['smoke', 'demo', 'full'];

/** The parameters the notebooks share, as their `parameters` cells declare them ("" and 0: the scale's choice). */
export interface NotebookParameters {
  scale: string;
  /** A folder written by `recipe1m prepare`. */
  prepared?: string;
  /** A folder in the Recipe1M layout (layer1.json, layer2.json, images/). */
  raw?: string;
  /** Where experiments and figures go. */
  results?: string;
  /** The training seed (misc.seed). */
  seed?: number;
  /** Training epochs per experiment. */
  epochs?: number;
}

export interface NotebookRun {
  notebook: string;
  scale: NotebookScale;
  /** "" when not given. */
  prepared: string;
  /** "" when not given. */
  raw: string;
  /** The scale's results folder: every notebook's subfolder is in it. */
  results: string;
  /** This notebook's folder of figures (and, for 02, experiments). */
  out: string;
  seed: number;
  /** null: the scale's budget. */
  epochs: number | null;
}

export const DEFAULT_SEED = 1338;

export function parseScale(value: string): NotebookScale {
  if ((NOTEBOOK_SCALES as readonly string[]).includes(value)) return value as NotebookScale;
  throw new Error(`parameter scale: '${value}' is not a scale; use one of ${NOTEBOOK_SCALES.join(', ')}`);
}

/** The results folder of a scale: `results` when given, else results/notebooks/<scale>. */
export function scaleResults(scale: NotebookScale, results = ''): string {
  return results || join('results', 'notebooks', scale);
}

/** Another notebook's folder in the same run (03 and 04 read the experiments of 02). */
export function notebookDir(run: NotebookRun, notebook: string): string {
  return join(run.results, notebook);
}

export function notebookRun(notebook: string, p: NotebookParameters): NotebookRun {
  const scale = parseScale(p.scale);
  const seed = p.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new Error(`parameter seed: ${seed} is not an integer`);
  const epochs = p.epochs ?? 0;
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`parameter epochs: ${epochs} is not an integer >= 0 (0: the scale's budget)`);
  const results = scaleResults(scale, p.results);
  return { notebook, scale, prepared: p.prepared ?? '', raw: p.raw ?? '', results, out: join(results, notebook), seed, epochs: epochs === 0 ? null : epochs };
}

/** One line for the notebook's first output: what this run is. */
export function describeRun(run: NotebookRun): string {
  const data = run.prepared ? `prepared store ${run.prepared}` : run.raw ? `Recipe1M folder ${run.raw}` : `the ${run.scale} scale's generated cookbook`;
  return `scale ${run.scale}, ${data}, seed ${run.seed}, epochs ${run.epochs ?? "the scale's"}; results in ${run.out}`;
}
