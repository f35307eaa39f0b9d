/**
 * Ranks experiment folders by a logged series: for each folder, the best
 * value of the key (max or min) and the epoch it was reached at. A folder
 * without logs, or without the key, is reported with the reason instead of
 * stopping the comparison.
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { committedPath } from './commit.js';
import { logFiles, readSeries, type Series } from './logger.js';

export interface CompareKey {
  key: string;
  mode: 'max' | 'min';
}

export interface Ranked {
  place: number;
  method: string;
  dir: string;
  score: number;
  epoch: number;
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

function loadAll(dirs: readonly string[], logsName: string | null): { dir: string; series: Series | null; reason: string }[] {
  return dirs.map((dir) => {
    const file = logFiles(dir, logsName).json;
    if (!existsSync(dir)) return { dir, series: null, reason: 'the folder does not exist' };
    if (!existsSync(file)) return { dir, series: null, reason: `no ${basename(file)} (not an experiment folder, or nothing logged yet)` };
    try {
      // A training run's logs.json is read as its last save committed it (it may still be staged).
      return { dir, series: readSeries(logsName === null ? committedPath(dir, basename(file)) : file), reason: '' };
    } catch (err) {
      return { dir, series: null, reason: (err as Error).message };
    }
  });
}

export function compareExperiments(dirs: readonly string[], keys: readonly CompareKey[], logsName: string | null = null): CompareTable[] {
  const loaded = loadAll(dirs, logsName);
  return keys.map((key) => {
    const problems: { dir: string; reason: string }[] = [];
    const found: Omit<Ranked, 'place'>[] = [];
    for (const { dir, series, reason } of loaded) {
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
      found.push({ method: basename(resolve(dir)), dir, score, epoch: epochOf(series, key.key, index) });
    }
    found.sort((a, b) => (key.mode === 'max' ? b.score - a.score : a.score - b.score));
    return { key, rows: found.map((r, i) => ({ place: i + 1, ...r })), problems };
  });
}

/** A plain-text table per key, then the folders left out. */
export function formatCompare(tables: readonly CompareTable[]): string {
  const out: string[] = [];
  for (const t of tables) {
    out.push(`## ${t.key.key} (${t.key.mode})`);
    const rows = [['place', 'method', 'score', 'epoch'], ...t.rows.map((r) => [String(r.place), r.method, r.score.toFixed(4), String(r.epoch)])];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    rows.forEach((r, i) => {
      out.push(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
      if (i === 0) out.push(widths.map((w) => '-'.repeat(w)).join('  '));
    });
    for (const p of t.problems) out.push(`  (left out ${p.dir}: ${p.reason})`);
    out.push('');
  }
  return out.join('\n');
}
