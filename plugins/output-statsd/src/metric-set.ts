import type { LatencySummary, TrafficCounters } from 'kali';

/** One StatsD line before the namespace is prepended: `c` counters carry deltas, `g` gauges levels. */
export interface Metric {
  name: string;
  kind: 'c' | 'g';
  value: number;
}

/** What one report says besides latency. Counters are the change since the previous report. */
export interface Figures {
  opened: number;
  openIn: number;
  openOut: number;
  bitsIn: number;
  bitsOut: number;
  traffic: TrafficCounters;
}

export const ZERO_FIGURES: Readonly<Figures> = Object.freeze({
  opened: 0,
  openIn: 0,
  openOut: 0,
  bitsIn: 0,
  bitsOut: 0,
  traffic: Object.freeze({ bytesSent: 0, bytesRcvd: 0, writes: 0, reads: 0, msgsSent: 0, msgsRcvd: 0 }),
});

/** In tcpkali's order (case-70), so captures of both tools can be compared line by line. */
export function figureMetrics(f: Readonly<Figures>): Metric[] {
  // tcpkali casts the rates to integers, which truncates.
  const bitsIn = Math.trunc(f.bitsIn);
  const bitsOut = Math.trunc(f.bitsOut);
  const t = f.traffic;
  return [
    { name: 'connections.opened', kind: 'c', value: f.opened },
    { name: 'connections.total', kind: 'g', value: f.openIn + f.openOut },
    { name: 'connections.total.in', kind: 'g', value: f.openIn },
    { name: 'connections.total.out', kind: 'g', value: f.openOut },
    { name: 'traffic.bitrate', kind: 'g', value: bitsIn + bitsOut },
    { name: 'traffic.bitrate.in', kind: 'g', value: bitsIn },
    { name: 'traffic.bitrate.out', kind: 'g', value: bitsOut },
    { name: 'traffic.data', kind: 'c', value: t.bytesRcvd + t.bytesSent },
    { name: 'traffic.data.rcvd', kind: 'c', value: t.bytesRcvd },
    { name: 'traffic.data.sent', kind: 'c', value: t.bytesSent },
    { name: 'traffic.data.reads', kind: 'c', value: t.reads },
    { name: 'traffic.data.writes', kind: 'c', value: t.writes },
    { name: 'traffic.msgs.rcvd', kind: 'c', value: t.msgsRcvd },
    { name: 'traffic.msgs.sent', kind: 'c', value: t.msgsSent },
  ];
}

/**
 * `latency.<kind>.<label>` per configured percentile, then min/mean/max, in ms rounded to 0.1 as
 * tcpkali's `%.1f`. Nothing while the measurement has no sample: a 0 would read as a real latency.
 */
export function latencyMetrics(kind: string, s: LatencySummary): Metric[] {
  if (s.count === 0) return [];
  const g = (suffix: string, ms: number): Metric => ({
    name: `latency.${kind}.${suffix}`,
    kind: 'g',
    value: Math.round(ms * 10) / 10,
  });
  return [
    ...s.percentiles.map((p) => g(p.label, p.ms)),
    g('min', s.minMs),
    g('mean', s.meanMs),
    g('max', s.maxMs),
  ];
}
