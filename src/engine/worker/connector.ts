/**
 * Opens outgoing connections at a steady rate until `target` are established or in progress,
 * and keeps replacing closed ones at the same rate. Tokens accrue continuously; the timer only
 * runs while connections are missing, so a steady run costs no timer wake-ups.
 */
export class Connector {
  private tokens = 1;
  private last = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly tickMs: number;
  private readonly maxTokens: number;
  private readonly tick = () => this.onTick();

  constructor(
    private readonly target: number,
    private readonly ratePerSec: number,
    /** Connections established or being set up right now. */
    private readonly inUse: () => number,
    private readonly open: () => void,
  ) {
    // Fast rates tick every millisecond and open several per tick; slow ones tick once per token.
    this.tickMs = Math.min(250, Math.max(1, Math.ceil(1000 / Math.max(ratePerSec, 1e-9))));
    // A busy loop fires timers late: the bucket holds 10 ms of connects (at least two) so late
    // ticks catch up instead of losing time, without letting a long stall release thousands of
    // connects at once. Idle spells never become bursts: wake() restarts the clock.
    this.maxTokens = Math.max(2, ratePerSec / 100);
  }

  start(): void {
    this.last = performance.now();
    this.onTick();
  }

  /** A connection went away: make sure the timer runs to replace it. */
  wake(): void {
    if (!this.stopped && this.timer === null && this.last !== 0) {
      // Nothing accrues while every connection is up: the replacement goes out now, no burst.
      this.last = performance.now();
      this.tokens = Math.max(this.tokens, 1);
      this.timer = setTimeout(this.tick, this.tickMs);
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private onTick(): void {
    this.timer = null;
    if (this.stopped) return;
    const now = performance.now();
    this.tokens = Math.min(this.maxTokens, this.tokens + ((now - this.last) * this.ratePerSec) / 1000);
    this.last = now;
    let missing = this.target - this.inUse();
    while (missing > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      missing--;
      this.open();
    }
    if (this.target - this.inUse() > 0 && !this.stopped) this.timer = setTimeout(this.tick, this.tickMs);
  }
}
