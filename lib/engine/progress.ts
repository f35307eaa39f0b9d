/**
 * A one-line progress bar on stderr for an epoch: done/total, the given
 * fields (loss, active fraction, pairs/s) and the ETA. On a terminal the line
 * is redrawn in place; otherwise (CI, a pipe) a line is printed every
 * `everySeconds` so the run still shows it is alive.
 */
export class ProgressBar {
  private readonly start = Date.now();
  private lastPrint = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly enabled: boolean,
    private readonly everySeconds = 10,
  ) {}

  update(done: number, fields: Record<string, string>): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!this.tty && now - this.lastPrint < this.everySeconds * 1000 && done < this.total) return;
    this.lastPrint = now;
    const elapsed = (now - this.start) / 1000;
    const eta = done > 0 ? (elapsed / done) * (this.total - done) : NaN;
    const width = 20;
    const filled = this.total > 0 ? Math.round((width * done) / this.total) : width;
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const info = Object.entries(fields).map(([k, v]) => `${k} ${v}`).join('  ');
    const text = `${this.label} ${bar} ${done}/${this.total}  ${info}  ${formatDuration(elapsed)} elapsed, ETA ${formatDuration(eta)}`;
    process.stderr.write(this.tty ? `\r\x1b[K${text}` : `${text}\n`);
  }

  end(): void {
    if (this.enabled && this.tty) process.stderr.write('\n');
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
