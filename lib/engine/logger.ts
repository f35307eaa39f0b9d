/**
 * The experiment logger: every line shown is also appended to logs.txt, and
 * every logged value goes into a named series (bootstrap names:
 * `train_batch.loss`, `train_epoch.loss`, `eval_epoch.metric.<key>`, ...).
 * A training run's logs.json is written by the engine's saves only, with
 * the checkpoints it belongs to (commit.ts), so it never holds values a
 * checkpoint does not; an evaluation-only run writes its own pair of files
 * (`logs_<name>.*`) with `flush()`, so the training logs stay untouched.
 * Lines shown before a run may write into its folder are held and written
 * by `release()`: a run refused before it starts leaves no logs.txt.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { durableFileOps, type FileOps } from '../util/atomic_write.js';

export type Series = Record<string, number[]>;

export function logFiles(dir: string, name: string | null): { txt: string; json: string } {
  const stem = name ? `logs_${name}` : 'logs';
  return { txt: join(dir, `${stem}.txt`), json: join(dir, `${stem}.json`) };
}

/** Reads a logs.json; errors name the file. */
export function readSeries(file: string): Series {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: unreadable (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${file}: expected an object of series`);
  return raw as Series;
}

/** Reads a logs.json when it exists, else no series. */
export function readSeriesIfAny(file: string): Series {
  return existsSync(file) ? readSeries(file) : {};
}

/** The series cut to the lengths a checkpoint recorded (series it did not know are dropped); `dropped` counts the values removed. */
export function truncateSeries(series: Readonly<Series>, lengths: Readonly<Record<string, number>>): { series: Series; dropped: number } {
  const out: Series = {};
  let dropped = 0;
  for (const [key, values] of Object.entries(series)) {
    const keep = Math.min(values.length, lengths[key] ?? 0);
    dropped += values.length - keep;
    if (keep > 0) out[key] = values.slice(0, keep);
  }
  return { series: out, dropped };
}

export interface LoggerOptions {
  /** Where shown lines go (default: stdout). */
  echo?: (line: string) => void;
  /** The series to continue (a resumed run's, cut to its checkpoint). */
  series?: Series;
  /** Hold the lines for logs.txt until `release()`. */
  hold?: boolean;
  files?: FileOps;
}

export class ExperimentLogger {
  readonly files: { txt: string; json: string };
  private series: Series;
  private held: string[] | null;
  private readonly echo: (line: string) => void;
  private readonly ops: FileOps;

  constructor(dir: string, name: string | null, options: LoggerOptions = {}) {
    this.files = logFiles(dir, name);
    this.series = structuredClone(options.series ?? {});
    this.held = options.hold ? [] : null;
    this.echo = options.echo ?? ((l) => console.log(l));
    this.ops = options.files ?? durableFileOps;
  }

  /** Shows a line and appends it to logs.txt (or holds it until `release()`). */
  info(line: string): void {
    this.echo(line);
    if (this.held) this.held.push(line);
    else this.ops.append(this.files.txt, `${line}\n`);
  }

  /** Writes the held lines to logs.txt; later lines go straight there. */
  release(): void {
    const held = this.held;
    this.held = null;
    if (held?.length) this.ops.append(this.files.txt, held.map((l) => `${l}\n`).join(''));
  }

  /** Replaces the series (a resumed run's, once its checkpoint is known). */
  continueFrom(series: Readonly<Series>): void {
    this.series = structuredClone(series) as Series;
  }

  /** Appends a value to a series. */
  log(name: string, value: number): void {
    (this.series[name] ??= []).push(value);
  }

  get(name: string): readonly number[] {
    return this.series[name] ?? [];
  }

  all(): Readonly<Series> {
    return this.series;
  }

  /** The length of every series now (what a checkpoint records). */
  lengths(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.series).map(([k, v]) => [k, v.length]));
  }

  /** The text of logs.json. */
  serialize(): string {
    return JSON.stringify(this.series);
  }

  /** Writes the json file now (evaluation-only logs; a training run's logs.json goes with its saves). */
  flush(): void {
    this.ops.write(this.files.json, this.serialize());
  }
}
