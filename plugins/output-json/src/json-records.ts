import type { FinalReport, LatencySummary, LiveStats, Percentile } from 'kali';
import { metricRecords } from './json-metrics.js';

/** Latency as written to JSON: milliseconds, percentiles keyed by their label as typed. */
export interface LatencyRecord {
  title: string;
  count: number;
  minMs: number;
  meanMs: number;
  maxMs: number;
  percentiles: { label: string; percentile: number; ms: number }[];
}

function latencyRecords(summaries: readonly LatencySummary[]): Record<string, LatencyRecord> {
  const out: Record<string, LatencyRecord> = {};
  for (const s of summaries) {
    out[s.name] = {
      title: s.title,
      count: s.count,
      minMs: s.minMs,
      meanMs: s.meanMs,
      maxMs: s.maxMs,
      percentiles: s.percentiles.map((p) => ({ label: p.label, percentile: p.value, ms: p.ms })),
    };
  }
  return out;
}

/**
 * The final report: steady-phase totals and the rates the text summary prints, unrounded, and
 * every plugin metric over the steady phase.
 */
export function reportRecord(report: FinalReport, percentiles: readonly Percentile[]) {
  const d = report.duration;
  const per = (n: number) => (d > 0 ? n / d : 0);
  const t = report.traffic;
  const channels = Math.max(1, report.openConnections);
  return {
    type: 'report' as const,
    duration: d,
    traffic: { ...t },
    conns: { ...report.conns, open: report.openConnections },
    rates: {
      bitsPerSecondIn: per(t.bytesRcvd * 8),
      bitsPerSecondOut: per(t.bytesSent * 8),
      bitsPerSecondPerChannel: per((t.bytesRcvd + t.bytesSent) * 8) / channels,
      msgsPerSecondIn: per(t.msgsRcvd),
      msgsPerSecondOut: per(t.msgsSent),
    },
    messageMarkers: report.messageMarkers,
    latency: latencyRecords(report.latencies),
    metrics: metricRecords(report.metrics, percentiles),
  };
}

/**
 * One JSON Lines record: cumulative totals since the start, rates smoothed as on the live line,
 * plugin metrics so far.
 */
export function intervalRecord(stats: LiveStats, percentiles: readonly Percentile[]) {
  return {
    type: 'interval' as const,
    elapsed: stats.elapsed,
    phase: stats.phase,
    steadyElapsed: stats.steadyElapsed,
    traffic: { ...stats.traffic },
    conns: { ...stats.conns },
    rates: {
      bitsPerSecondIn: stats.rateBitsIn,
      bitsPerSecondOut: stats.rateBitsOut,
      msgsPerSecondIn: stats.rateMsgsIn,
      msgsPerSecondOut: stats.rateMsgsOut,
    },
    latency: latencyRecords(Object.values(stats.latency)),
    metrics: metricRecords(stats.metrics, percentiles),
  };
}
