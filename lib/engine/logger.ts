/**
 * The experiment logger: every line shown is also appended to logs.txt, and
 * every logged value goes into a named series of logs.json (bootstrap names:
 * `train_batch.loss`, `train_epoch.loss`, `eval_epoch.metric.<key>`, ...),
 * written atomically on `flush()`. An evaluation-only run uses its own pair
 * of files (`logs_<name>.*`) so the training logs stay untouched.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write.js';

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

export class ExperimentLogger {
  readonly files: { txt: string; json: string };
  private readonly series: Series;

  /** `resume`: continue the existing series (a resumed run) instead of starting empty. */
  constructor(dir: string, name: string | null, resume: boolean, private readonly echo: (line: string) => void = (l) => console.log(l)) {
    this.files = logFiles(dir, name);
    this.series = resume && existsSync(this.files.json) ? readSeries(this.files.json) : {};
  }

  /** Shows a line and appends it to logs.txt. */
  info(line: string): void {
    this.echo(line);
    appendFileSync(this.files.txt, `${line}\n`);
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

  flush(): void {
    writeFileAtomic(this.files.json, JSON.stringify(this.series));
  }
}
