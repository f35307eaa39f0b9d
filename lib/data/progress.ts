/** A one-line progress bar on stderr with count, rate and ETA, redrawn at most every 250 ms. */
export class ProgressBar {
  private done = 0;
  private last = 0;
  private readonly t0 = performance.now();

  constructor(private readonly label: string, private total: number, private readonly enabled = true) {}

  add(n: number): void {
    this.done += n;
    const now = performance.now();
    if (this.enabled && now - this.last > 250) {
      this.last = now;
      this.draw(now);
    }
  }

  finish(): void {
    if (!this.enabled) return;
    this.total = Math.max(this.total, this.done);
    this.draw(performance.now());
    process.stderr.write('\n');
  }

  private draw(now: number): void {
    const secs = (now - this.t0) / 1000;
    const rate = this.done / Math.max(secs, 1e-3);
    const left = Math.max(0, this.total - this.done);
    const eta = rate > 0 ? left / rate : 0;
    const frac = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const width = 24;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    process.stderr.write(`\r${this.label} [${bar}] ${this.done}/${this.total} ${rate.toFixed(0)}/s ETA ${formatSeconds(eta)}  `);
  }
}

export function formatSeconds(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}
