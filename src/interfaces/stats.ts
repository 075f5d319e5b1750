import type { MetricValue } from './metrics.js';

/**
 * Statistics that flow from the workers to the main thread and on to the output plugins.
 * Everything here is plain data so it can cross a MessagePort by structured clone.
 */

/** Cumulative byte and operation counters. */
export interface TrafficCounters {
  bytesSent: number;
  bytesRcvd: number;
  /** write() calls that moved at least one byte. */
  writes: number;
  /** read() calls that returned at least one byte. */
  reads: number;
  msgsSent: number;
  msgsRcvd: number;
}

/** Connection gauges (now) and counters (since start). */
export interface ConnectionCounters {
  /** Accepted connections open now (tcpkali's ↓). */
  openIn: number;
  /** Outgoing connections established now (↑). */
  openOut: number;
  /** Outgoing connections being set up now (⇡). */
  connecting: number;
  /** Outgoing connections ever attempted. */
  initiated: number;
  /** Incoming connections ever accepted. */
  accepted: number;
  /** Outgoing attempts that failed (refused, reset during connect, timed out). */
  failures: number;
  /** Of the failures, those that hit --connect-timeout. */
  timeouts: number;
  /** Open connections the peer ended (end of stream or reset) while the run went on. */
  closedByPeerIn: number;
  closedByPeerOut: number;
}

/** A latency histogram as it travels between threads: HdrHistogram compressed base64, microseconds. */
export type EncodedHistogram = string;

/** One measurement's histogram, keyed by the measurement's name (e.g. `connect`, `firstbyte`). */
export type EncodedLatencies = Record<string, EncodedHistogram>;

/** What a worker posts on its port every stats interval. Counters are cumulative since start. */
export interface WorkerStats {
  worker: number;
  /** performance.timeOrigin-independent wall clock, ms since epoch. */
  at: number;
  traffic: TrafficCounters;
  conns: ConnectionCounters;
  /** Histograms of values recorded since the previous report (the main thread adds them up). */
  latency: EncodedLatencies;
  /** Whether `latency` holds samples of the steady phase only (false: some are from ramp-up). */
  steady: boolean;
  /** Cumulative plugin counters, by metric name. */
  counters: Record<string, number>;
  /** Cumulative failed outgoing attempts by reason (`ECONNREFUSED`, `ETIMEDOUT`, …). */
  failureReasons: Record<string, number>;
}

/** Percentile values of one latency measurement, in milliseconds. */
export interface LatencySummary {
  /** Measurement name, e.g. `connect`. */
  name: string;
  /** Human title, e.g. `TCP connect latency`. */
  title: string;
  count: number;
  minMs: number;
  meanMs: number;
  maxMs: number;
  /** One value per configured percentile, in configuration order. */
  percentiles: { label: string; value: number; ms: number }[];
}

/** The merged view the main thread hands to outputs at each interval. */
export interface LiveStats {
  /** Seconds since the run started (ramp-up included). */
  elapsed: number;
  phase: 'ramp-up' | 'steady';
  /** Seconds into the steady phase (0 during ramp-up). */
  steadyElapsed: number;
  /** The configured steady duration in seconds (Infinity when unbounded). */
  duration: number;
  /** The `-c` target. */
  targetConnections: number;
  traffic: TrafficCounters;
  conns: ConnectionCounters;
  /** Bits per second over a smoothed recent window. */
  rateBitsIn: number;
  rateBitsOut: number;
  /** Messages per second over the same window (only meaningful with message markers). */
  rateMsgsIn: number;
  rateMsgsOut: number;
  /** p95 so far, per measurement, in ms; NaN when no sample yet. */
  latencyP95: Record<string, number>;
  /** Everything recorded so far, per measurement (keyed by metric), at the configured percentiles. */
  latency: Record<string, LatencySummary>;
  /** Whether messages are counted: message markers are in use, or a protocol frames replies. */
  messageMarkers: boolean;
  /** Every plugin metric so far (counters since the start; rates over the last interval). */
  metrics: MetricValue[];
  /**
   * Messages per second per connection the run aims at now: `-r`, as `k`/`j` changed it or the
   * `-r @Latency` search set it; undefined when sending is not paced. (API 1.1)
   */
  targetRate?: number;
}

/** The final numbers of a run, covering the steady phase only. */
export interface FinalReport {
  /** Steady-phase traffic (ramp-up traffic subtracted). */
  traffic: TrafficCounters;
  conns: ConnectionCounters;
  /** Seconds of steady phase actually measured. */
  duration: number;
  /** Connections open at the end, incoming + outgoing (min 1 for the per-channel figure). */
  openConnections: number;
  /** As LiveStats.messageMarkers: message figures mean something. */
  messageMarkers: boolean;
  latencies: LatencySummary[];
  /** Every plugin metric over the steady phase: counters and their rates, latency histograms. */
  metrics: MetricValue[];
}
