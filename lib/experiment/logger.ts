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
 *
 * Besides the numeric series, logs.json holds text entries (`notes`), one
 * value per run that saved: `run.backend`, `run.device`. They share the
 * file's one object (a key whose values are all strings is a note), are cut
 * with the series on a resume, and `readSeries` leaves them out, so readers
 * of numbers never meet a string.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { durableFileOps, type FileOps } from '../util/atomic_write.js';

export type Series = Record<string, number[]>;
/** Text entries of logs.json, one value per run (`run.backend`, ...). */
export type Notes = Record<string, string[]>;

export interface Logs {
  series: Series;
  notes: Notes;
}

export function logFiles(dir: string, name: string | null): { txt: string; json: string } {
  const stem = name ? `logs_${name}` : 'logs';
  return { txt: join(dir, `${stem}.txt`), json: join(dir, `${stem}.json`) };
}

/** Reads a logs.json, series and notes apart; errors name the file. */
export function readLogs(file: string): Logs {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: unreadable (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${file}: expected an object of series`);
  const logs: Logs = { series: {}, notes: {} };
  for (const [key, values] of Object.entries(raw)) {
    if (!Array.isArray(values)) throw new Error(`${file}: '${key}' is not a list of values`);
    if (values.length > 0 && values.every((v) => typeof v === 'string')) logs.notes[key] = values as string[];
    else logs.series[key] = values as number[];
  }
  return logs;
}

/** The numeric series of a logs.json (its notes left out). */
export function readSeries(file: string): Series {
  return readLogs(file).series;
}

/** Reads a logs.json when it exists, else no series. */
export function readSeriesIfAny(file: string): Series {
  return existsSync(file) ? readSeries(file) : {};
}

/** Reads a logs.json when it exists, else empty logs. */
export function readLogsIfAny(file: string): Logs {
  return existsSync(file) ? readLogs(file) : { series: {}, notes: {} };
}

/** The series (or notes) cut to the lengths a checkpoint recorded (keys it did not know are dropped); `dropped` counts the values removed. */
export function truncateSeries<T>(series: Readonly<Record<string, T[]>>, lengths: Readonly<Record<string, number>>): { series: Record<string, T[]>; dropped: number } {
  const out: Record<string, T[]> = {};
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
  notes?: Notes;
  /** Hold the lines for logs.txt until `release()`. */
  hold?: boolean;
  files?: FileOps;
}

export class ExperimentLogger {
  readonly files: { txt: string; json: string };
  private series: Series;
  private notes: Notes;
  private held: string[] | null;
  private readonly echo: (line: string) => void;
  private readonly ops: FileOps;

  constructor(dir: string, name: string | null, options: LoggerOptions = {}) {
    this.files = logFiles(dir, name);
    this.series = structuredClone(options.series ?? {});
    this.notes = structuredClone(options.notes ?? {});
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

  /** Replaces the series and notes (a resumed run's, once its checkpoint is known). */
  continueFrom(series: Readonly<Series>, notes: Readonly<Notes> = {}): void {
    this.series = structuredClone(series) as Series;
    this.notes = structuredClone(notes) as Notes;
  }

  /** Appends a value to a series. */
  log(name: string, value: number): void {
    if (name in this.notes) throw new Error(`logger: '${name}' is a note, not a numeric series`);
    (this.series[name] ??= []).push(value);
  }

  /** Appends a text entry (one per run: `run.backend`, ...); a name is a note or a series, never both. */
  note(name: string, text: string): void {
    if (name in this.series) throw new Error(`logger: '${name}' is a numeric series, not a note`);
    (this.notes[name] ??= []).push(text);
  }

  /** The notes so far. */
  allNotes(): Readonly<Notes> {
    return this.notes;
  }

  get(name: string): readonly number[] {
    return this.series[name] ?? [];
  }

  all(): Readonly<Series> {
    return this.series;
  }

  /** The length of every series and note now (what a checkpoint records). */
  lengths(): Record<string, number> {
    return Object.fromEntries([...Object.entries(this.series), ...Object.entries(this.notes)].map(([k, v]) => [k, v.length]));
  }

  /** The text of logs.json: the series, then the notes, in one object. */
  serialize(): string {
    return JSON.stringify({ ...this.series, ...this.notes });
  }

  /** Writes the json file now (evaluation-only logs; a training run's logs.json goes with its saves). */
  flush(): void {
    this.ops.write(this.files.json, this.serialize());
  }
}
