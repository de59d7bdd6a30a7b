/**
 * A one-line progress bar on a stream (stderr). Silent for runs that finish within `delayMs`,
 * and when the stream is not a terminal it prints a line every 10 % instead of redrawing.
 */
export class ProgressBar {
  private readonly stream: NodeJS.WriteStream;
  private readonly start = Date.now();
  private readonly delayMs: number;
  private lastDecile = -1;
  private drawn = false;

  constructor(stream: NodeJS.WriteStream = process.stderr, delayMs = 1000) {
    this.stream = stream;
    this.delayMs = delayMs;
  }

  update(done: number, total: number): void {
    const elapsed = Date.now() - this.start;
    if (elapsed < this.delayMs && done < total) return;
    if (!this.drawn && done >= total) return; // finished before the bar was worth showing
    const fraction = total > 0 ? done / total : 1;
    const rate = done / Math.max(elapsed / 1000, 1e-3);
    const eta = rate > 0 ? (total - done) / rate : 0;
    const text = `${(fraction * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} paths, ${Math.round(rate).toLocaleString('en-US')} paths/s, ETA ${eta.toFixed(1)} s`;
    if (this.stream.isTTY) {
      const width = 24;
      const filled = Math.round(fraction * width);
      this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\x1b[K`);
      this.drawn = true;
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile !== this.lastDecile) {
        this.lastDecile = decile;
        this.stream.write(`${text}\n`);
        this.drawn = true;
      }
    }
  }

  finish(): void {
    if (this.drawn && this.stream.isTTY) this.stream.write('\n');
  }
}
