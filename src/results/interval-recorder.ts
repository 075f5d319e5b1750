import type { Histogram } from '../engine/histogram.js';
import { zeroConnections, zeroTraffic } from '../engine/worker/counters.js';
import type { Percentile } from '../interfaces/config.js';
import type { MetricKind } from '../interfaces/metrics.js';
import type { IntervalMetric, IntervalRecord } from '../interfaces/result.js';
import type { ConnectionCounters, TrafficCounters } from '../interfaces/stats.js';
import { openedOut } from './connection-figures.js';

/** What the recorder reads: the merged, cumulative figures of every worker (StatsMerger). */
export interface IntervalSource {
  totals(): { traffic: TrafficCounters; conns: ConnectionCounters };
  counters(): Record<string, number>;
  /** Samples since the last resetInterval. */
  intervalHistogram(metric: string): Histogram;
  resetInterval(): void;
}

interface Mark {
  at: number;
  traffic: TrafficCounters;
  conns: ConnectionCounters;
  counters: Record<string, number>;
}

/**
 * Cuts the run into interval records: the difference of the cumulative counters between two
 * moments (true rates, not the live line's smoothed ones) and the latency samples recorded in
 * between (not everything so far). The workers' figures lag by up to one stats period, so edges
 * are as sharp as that.
 */
export class IntervalRecorder {
  private last: Mark;

  constructor(
    private readonly source: IntervalSource,
    private readonly metrics: readonly { name: string; kind: MetricKind }[],
    private readonly percentiles: readonly Percentile[],
    startSeconds = 0,
  ) {
    this.last = { at: startSeconds, traffic: zeroTraffic(), conns: zeroConnections(), counters: {} };
  }

  /** The interval from the previous call (or the start) to `atSeconds`, since the run started. */
  take(atSeconds: number, phase: IntervalRecord['phase']): IntervalRecord {
    const { traffic, conns } = this.source.totals();
    const counters = this.source.counters();
    const prev = this.last;
    const seconds = atSeconds - prev.at;
    const per = (n: number) => (seconds > 0 ? n / seconds : 0);
    const bytesIn = traffic.bytesRcvd - prev.traffic.bytesRcvd;
    const bytesOut = traffic.bytesSent - prev.traffic.bytesSent;
    const msgsIn = traffic.msgsRcvd - prev.traffic.msgsRcvd;
    const msgsOut = traffic.msgsSent - prev.traffic.msgsSent;
    const metrics: Record<string, IntervalMetric> = {};
    for (const m of this.metrics) {
      if (m.kind === 'counter') {
        const total = (counters[m.name] ?? 0) - (prev.counters[m.name] ?? 0);
        metrics[m.name] = { kind: 'counter', total, perSecond: per(total) };
      } else {
        metrics[m.name] = this.latency(this.source.intervalHistogram(m.name));
      }
    }
    this.source.resetInterval();
    this.last = { at: atSeconds, traffic, conns, counters };
    return {
      start: prev.at,
      end: atSeconds,
      phase,
      open: { in: conns.openIn, out: conns.openOut },
      connecting: conns.connecting,
      opened: { in: conns.accepted - prev.conns.accepted, out: openedOut(conns) - openedOut(prev.conns) },
      failed: conns.failures - prev.conns.failures,
      bytes: { in: bytesIn, out: bytesOut },
      messages: { in: msgsIn, out: msgsOut },
      rates: {
        bits: { in: per(bytesIn * 8), out: per(bytesOut * 8) },
        messages: { in: per(msgsIn), out: per(msgsOut) },
      },
      metrics,
    };
  }

  private latency(h: Histogram): IntervalMetric {
    const empty = h.totalCount === 0;
    const ms = (us: number) => (empty ? 0 : us / 1000);
    const percentiles: Record<string, number> = {};
    for (const p of this.percentiles) percentiles[p.label] = ms(h.getValueAtPercentile(p.value));
    return { kind: 'latency', count: h.totalCount, mean: ms(h.mean), max: ms(h.maxValue), percentiles };
  }
}
