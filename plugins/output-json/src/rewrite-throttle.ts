/** Wall-clock time between two rewrites, as a multiple of the last rewrite's duration. */
export const COST_FACTOR = 20;

/**
 * When to rewrite the partial document during the run. The document grows by one interval
 * record per interval, so rewriting it costs more as the run goes on; the run itself must not
 * pay for that. A rewrite is due once per interval of this output's own (the host records at the
 * shortest interval any output asks for), and never sooner than COST_FACTOR times the last
 * rewrite's duration after it began: writing takes at most 1/COST_FACTOR of the main thread.
 */
export class RewriteThrottle {
  private lastEnd = Number.NEGATIVE_INFINITY;
  private nextAtMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly intervalSeconds: number) {}

  /** `end`: the run's seconds at the end of the interval just recorded; `nowMs`: a monotonic clock. */
  due(end: number, nowMs: number): boolean {
    // A tenth of slack: interval records come a little early or late with the timers.
    return end - this.lastEnd >= this.intervalSeconds * 0.9 && nowMs >= this.nextAtMs;
  }

  wrote(end: number, startedMs: number, endedMs: number): void {
    this.lastEnd = end;
    this.nextAtMs = startedMs + (endedMs - startedMs) * COST_FACTOR;
  }
}
