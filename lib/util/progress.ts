/**
 * One progress line on stderr: label, bar, done/total, caller's fields,
 * elapsed time and ETA. On a terminal the line is redrawn in place (at most
 * every 250 ms); otherwise (CI, a pipe, a log file) a full line is printed
 * every `everySeconds` and at the end, so a long run still shows it is alive
 * without filling the log.
 */
export interface ProgressOptions {
  /** false: print nothing. */
  enabled?: boolean;
  /** Seconds between lines when stderr is not a terminal. */
  everySeconds?: number;
  /** Shows the rate as "N <unit>/s" (e.g. images); omitted when unset. */
  rateUnit?: string;
}

export class ProgressBar {
  private done = 0;
  private lastPrint = 0;
  private readonly start = Date.now();
  private readonly tty = process.stderr.isTTY === true;
  private readonly enabled: boolean;
  private readonly everySeconds: number;
  private readonly rateUnit?: string;

  constructor(
    private readonly label: string,
    private total: number,
    options: ProgressOptions = {},
  ) {
    this.enabled = options.enabled ?? true;
    this.everySeconds = options.everySeconds ?? 10;
    this.rateUnit = options.rateUnit;
  }

  /** Advances by n. */
  add(n: number, fields: Record<string, string> = {}): void {
    this.update(this.done + n, fields);
  }

  /** Sets the count of finished items. */
  update(done: number, fields: Record<string, string> = {}): void {
    this.done = done;
    if (!this.enabled) return;
    const now = Date.now();
    const interval = this.tty ? 250 : this.everySeconds * 1000;
    if (now - this.lastPrint < interval && done < this.total) return;
    this.lastPrint = now;
    this.draw(now, fields);
  }

  /** Ends the line; the count may have overrun an estimated total. */
  end(): void {
    if (!this.enabled) return;
    if (this.done > this.total) {
      this.total = this.done;
      this.draw(Date.now(), {});
    }
    if (this.tty) process.stderr.write('\n');
  }

  private draw(now: number, fields: Record<string, string>): void {
    const elapsed = (now - this.start) / 1000;
    const eta = this.done > 0 ? (elapsed / this.done) * Math.max(0, this.total - this.done) : NaN;
    const width = 20;
    const filled = this.total > 0 ? Math.min(width, Math.round((width * this.done) / this.total)) : width;
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const rate = this.rateUnit ? [`${(this.done / Math.max(elapsed, 1e-3)).toFixed(0)} ${this.rateUnit}/s`] : [];
    const info = [...Object.entries(fields).map(([k, v]) => `${k} ${v}`), ...rate].join('  ');
    const text = `${this.label} ${bar} ${this.done}/${this.total}  ${info}  ${formatDuration(elapsed)} elapsed, ETA ${formatDuration(eta)}`;
    process.stderr.write(this.tty ? `\r\x1b[K${text}` : `${text}\n`);
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
