import type { Percentile } from '../interfaces/config.js';
import type {
  ConnectionCounters,
  LatencySummary,
  LiveStats,
  TrafficCounters,
  WorkerStats,
} from '../interfaces/stats.js';
import { addEncoded, type Histogram, newHistogram } from './histogram.js';
import { zeroConnections, zeroTraffic } from './worker/counters.js';

/** How long the live bandwidth figure takes to follow a change (tcpkali smooths over ~3 s). */
const SMOOTHING_SECONDS = 3;

export function addTraffic(into: TrafficCounters, add: TrafficCounters, sign = 1): TrafficCounters {
  into.bytesSent += sign * add.bytesSent;
  into.bytesRcvd += sign * add.bytesRcvd;
  into.writes += sign * add.writes;
  into.reads += sign * add.reads;
  into.msgsSent += sign * add.msgsSent;
  into.msgsRcvd += sign * add.msgsRcvd;
  return into;
}

export function addConnections(into: ConnectionCounters, add: ConnectionCounters): ConnectionCounters {
  into.openIn += add.openIn;
  into.openOut += add.openOut;
  into.connecting += add.connecting;
  into.initiated += add.initiated;
  into.accepted += add.accepted;
  into.failures += add.failures;
  into.timeouts += add.timeouts;
  into.closedByPeerIn += add.closedByPeerIn;
  into.closedByPeerOut += add.closedByPeerOut;
  return into;
}

/**
 * Keeps the latest cumulative figures of every worker and turns them into the live view the
 * outputs get: totals plus exponentially smoothed bit and message rates.
 */
export class StatsMerger {
  private readonly latest: (WorkerStats | undefined)[];
  private readonly latency = new Map<string, Histogram>();
  /** Samples of the steady phase only: what the final report covers. */
  private readonly steadyLatency = new Map<string, Histogram>();
  private readonly windows = new Map<string, Histogram>();
  /** Samples since the last interval record was taken. */
  private readonly intervalLatency = new Map<string, Histogram>();
  private lastCounters: Record<string, number> = {};
  private counterRates: Record<string, number> = {};
  private lastTotals = zeroTraffic();
  private lastAt = 0;
  private rateBitsIn = 0;
  private rateBitsOut = 0;
  private rateMsgsIn = 0;
  private rateMsgsOut = 0;

  constructor(workers: number) {
    this.latest = new Array(workers).fill(undefined);
  }

  /** Takes a worker's cumulative counters and adds its latency deltas to the run's histograms. */
  update(stats: WorkerStats): void {
    this.latest[stats.worker] = stats;
    for (const metric in stats.latency) {
      addEncoded(this.histogram(metric), stats.latency[metric]);
      addEncoded(this.window(metric), stats.latency[metric]);
      addEncoded(this.intervalHistogram(metric), stats.latency[metric]);
      if (stats.steady) addEncoded(this.steadyHistogram(metric), stats.latency[metric]);
    }
  }

  /** What each worker reported last (undefined for one that has not reported yet). */
  lastReports(): (WorkerStats | undefined)[] {
    return [...this.latest];
  }

  steadyHistogram(metric: string): Histogram {
    let h = this.steadyLatency.get(metric);
    if (!h) {
      h = newHistogram();
      this.steadyLatency.set(metric, h);
    }
    return h;
  }

  /** Every worker's latest plugin counters, added up. */
  counters(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.latest) {
      if (!s) continue;
      for (const name in s.counters) out[name] = (out[name] ?? 0) + s.counters[name];
    }
    return out;
  }

  /** Per-second rate of each counter over the last sample() interval (not smoothed). */
  counterRate(name: string): number {
    return this.counterRates[name] ?? 0;
  }

  /** Samples since the last resetWindow (the rate search judges each step on these). */
  window(metric: string): Histogram {
    let h = this.windows.get(metric);
    if (!h) {
      h = newHistogram();
      this.windows.set(metric, h);
    }
    return h;
  }

  /** Samples since the last resetInterval (interval records read these). */
  intervalHistogram(metric: string): Histogram {
    let h = this.intervalLatency.get(metric);
    if (!h) {
      h = newHistogram();
      this.intervalLatency.set(metric, h);
    }
    return h;
  }

  resetInterval(): void {
    for (const h of this.intervalLatency.values()) h.reset();
  }

  /** Every worker's latest failure reasons, added up (cumulative since the start). */
  failureReasons(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.latest) {
      if (!s) continue;
      for (const why in s.failureReasons) out[why] = (out[why] ?? 0) + s.failureReasons[why];
    }
    return out;
  }

  resetWindow(metric: string): void {
    this.windows.get(metric)?.reset();
  }

  has(metric: string): boolean {
    return this.latency.has(metric);
  }

  histogram(metric: string): Histogram {
    let h = this.latency.get(metric);
    if (!h) {
      h = newHistogram();
      this.latency.set(metric, h);
    }
    return h;
  }

  /** p95 in milliseconds per metric, NaN while a metric has no sample (the progress line shows `?`). */
  p95(metrics: readonly string[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const m of metrics) {
      const h = this.latency.get(m);
      out[m] = h && h.totalCount > 0 ? h.getValueAtPercentile(95) / 1000 : Number.NaN;
    }
    return out;
  }

  /** Percentiles of a metric, over the whole run so far or (`steady`) over the steady phase. */
  summary(metric: string, title: string, percentiles: readonly Percentile[], steady = false): LatencySummary {
    const h = steady ? this.steadyHistogram(metric) : this.histogram(metric);
    const empty = h.totalCount === 0;
    return {
      name: metric,
      title,
      count: h.totalCount,
      minMs: empty ? 0 : h.minNonZeroValue / 1000,
      meanMs: empty ? 0 : h.mean / 1000,
      maxMs: empty ? 0 : h.maxValue / 1000,
      percentiles: percentiles.map((p) => ({
        label: p.label,
        value: p.value,
        ms: empty ? 0 : h.getValueAtPercentile(p.value) / 1000,
      })),
    };
  }

  totals(): { traffic: TrafficCounters; conns: ConnectionCounters } {
    const traffic = zeroTraffic();
    const conns = zeroConnections();
    for (const s of this.latest) {
      if (!s) continue;
      addTraffic(traffic, s.traffic);
      addConnections(conns, s.conns);
    }
    return { traffic, conns };
  }

  /** Call at a steady cadence (the live view's refresh) with a monotonic time in seconds. */
  sample(nowSeconds: number): { traffic: TrafficCounters; conns: ConnectionCounters } {
    const t = this.totals();
    const counters = this.counters();
    if (this.lastAt > 0) {
      const dt = nowSeconds - this.lastAt;
      if (dt > 0) {
        const rates: Record<string, number> = {};
        for (const name in counters) rates[name] = (counters[name] - (this.lastCounters[name] ?? 0)) / dt;
        this.counterRates = rates;
        const alpha = 1 - Math.exp(-dt / SMOOTHING_SECONDS);
        const d = addTraffic({ ...t.traffic }, this.lastTotals, -1);
        this.rateBitsIn += alpha * ((d.bytesRcvd * 8) / dt - this.rateBitsIn);
        this.rateBitsOut += alpha * ((d.bytesSent * 8) / dt - this.rateBitsOut);
        this.rateMsgsIn += alpha * (d.msgsRcvd / dt - this.rateMsgsIn);
        this.rateMsgsOut += alpha * (d.msgsSent / dt - this.rateMsgsOut);
      }
    }
    this.lastAt = nowSeconds;
    this.lastTotals = t.traffic;
    this.lastCounters = counters;
    return t;
  }

  rates(): Pick<LiveStats, 'rateBitsIn' | 'rateBitsOut' | 'rateMsgsIn' | 'rateMsgsOut'> {
    return {
      rateBitsIn: this.rateBitsIn,
      rateBitsOut: this.rateBitsOut,
      rateMsgsIn: this.rateMsgsIn,
      rateMsgsOut: this.rateMsgsOut,
    };
  }
}
