import type { LatencySummary, Percentile } from 'kali';
import { summariseDifference } from './histogram-summary.js';

export interface Measured {
  name: string;
  title: string;
}

/**
 * `--statsd-latency-window`: latency gauges once per window, computed from the samples of that
 * window only (the difference of two snapshots of the run's histogram), so a slow spell shows
 * up instead of being diluted by the whole run.
 */
export class LatencyWindow {
  private nextAt: number;
  private readonly snapshots = new Map<string, string>();

  constructor(
    private readonly seconds: number,
    private readonly percentiles: readonly Percentile[],
    private readonly histogram: (metric: string) => string | undefined,
  ) {
    this.nextAt = seconds;
  }

  /** Summaries of the window that ends at `elapsed` (seconds since the start), or nothing if none does. */
  tick(elapsed: number, metrics: readonly Measured[]): LatencySummary[] {
    if (elapsed < this.nextAt) return [];
    // Windows keep their cadence even when a tick comes late.
    while (this.nextAt <= elapsed) this.nextAt += this.seconds;
    return this.take(metrics);
  }

  /** The unfinished last window, at the end of the run. */
  rest(metrics: readonly Measured[]): LatencySummary[] {
    return this.take(metrics);
  }

  /** One summary per metric, empty ones included (the caller decides what to skip). */
  private take(metrics: readonly Measured[]): LatencySummary[] {
    const out: LatencySummary[] = [];
    for (const m of metrics) {
      const now = this.histogram(m.name);
      if (now === undefined) continue;
      out.push(summariseDifference(now, this.snapshots.get(m.name), m.name, m.title, this.percentiles));
      this.snapshots.set(m.name, now);
    }
    return out;
  }
}
