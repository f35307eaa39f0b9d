/**
 * Ranks experiment folders by a logged series: for each folder, the best
 * value of the key (max or min) and the epoch it was reached at. A folder
 * without logs, or without the key, is reported with the reason instead of
 * stopping the comparison. The tables keep the logged (0-based) epoch; the
 * text shows it counted from 1, as every human-facing line does (epochs.ts).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { committedPath } from './commit.js';
import { logFiles, readSeries, type Series } from './logger.js';

export interface CompareKey {
  key: string;
  mode: 'max' | 'min';
}

export interface Ranked {
  place: number;
  /** The run's name (runLabel). */
  method: string;
  dir: string;
  score: number;
  /** The logged (0-based) epoch of the best value; shown as epoch + 1. */
  epoch: number;
}

/** A folder's logs as read for a comparison: the series, or why there are none. */
export interface LoadedRun {
  dir: string;
  method: string;
  series: Series | null;
  reason: string;
}

export interface CompareTable {
  key: CompareKey;
  rows: Ranked[];
  /** Folders left out, with why. */
  problems: { dir: string; reason: string }[];
}

/** The epoch of the `index`-th value of `key`: its group's epoch series (eval_epoch.epoch, ...), else the index. */
export function epochOf(series: Series, key: string, index: number): number {
  const group = key.split('.')[0];
  const epochs = series[`${group}.epoch`];
  return epochs && epochs.length === series[key]?.length ? epochs[index] : index;
}

/** A run's name: its folder's name, or `<parent>/<folder>` for a seed folder (`adamine/seed2`). */
export function runLabel(dir: string): string {
  const full = resolve(dir);
  const name = basename(full);
  return /^(s|seed)[_-]?\d+$/i.test(name) ? `${basename(dirname(full))}/${name}` : name;
}

/** Reads the logs of each folder (a training run's logs.json as its last save committed it). */
export function loadRuns(dirs: readonly string[], logsName: string | null = null): LoadedRun[] {
  return dirs.map((dir) => {
    const file = logFiles(dir, logsName).json;
    const method = runLabel(dir);
    if (!existsSync(dir)) return { dir, method, series: null, reason: 'the folder does not exist' };
    if (!existsSync(file)) return { dir, method, series: null, reason: `no ${basename(file)} (not an experiment folder, or nothing logged yet)` };
    try {
      // A training run's logs.json is read as its last save committed it (it may still be staged).
      return { dir, method, series: readSeries(logsName === null ? committedPath(dir, basename(file)) : file), reason: '' };
    } catch (err) {
      return { dir, method, series: null, reason: (err as Error).message };
    }
  });
}

/** One table per key over runs already loaded. */
export function rankRuns(runs: readonly LoadedRun[], keys: readonly CompareKey[]): CompareTable[] {
  return keys.map((key) => {
    const problems: { dir: string; reason: string }[] = [];
    const found: Omit<Ranked, 'place'>[] = [];
    for (const { dir, method, series, reason } of runs) {
      if (!series) {
        problems.push({ dir, reason });
        continue;
      }
      const values = series[key.key];
      const finite = (values ?? []).map((v, i) => [v, i] as const).filter(([v]) => typeof v === 'number' && Number.isFinite(v));
      if (finite.length === 0) {
        problems.push({ dir, reason: values ? `'${key.key}' holds no finite value` : `no series '${key.key}'` });
        continue;
      }
      const [score, index] = finite.reduce((best, cur) => ((key.mode === 'max' ? cur[0] > best[0] : cur[0] < best[0]) ? cur : best));
      found.push({ method, dir, score, epoch: epochOf(series, key.key, index) });
    }
    found.sort((a, b) => (key.mode === 'max' ? b.score - a.score : a.score - b.score));
    return { key, rows: found.map((r, i) => ({ place: i + 1, ...r })), problems };
  });
}

export function compareExperiments(dirs: readonly string[], keys: readonly CompareKey[], logsName: string | null = null): CompareTable[] {
  return rankRuns(loadRuns(dirs, logsName), keys);
}

/** The rows of a table as text cells: place, method, score, epoch (counted from 1). */
export function tableCells(t: CompareTable): string[][] {
  return t.rows.map((r) => [String(r.place), r.method, r.score.toFixed(4), String(r.epoch + 1)]);
}

/** A plain-text table per key, then the folders left out. */
export function formatCompare(tables: readonly CompareTable[]): string {
  const out: string[] = [];
  for (const t of tables) {
    out.push(`## ${t.key.key} (${t.key.mode})`);
    const rows = [['place', 'method', 'score', 'epoch'], ...tableCells(t)];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    rows.forEach((r, i) => {
      out.push(r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
      if (i === 0) out.push(widths.map((w) => '-'.repeat(w)).join('  '));
    });
    for (const p of t.problems) out.push(`  (left out ${p.dir}: ${p.reason})`);
    out.push('');
  }
  return out.join('\n');
}
