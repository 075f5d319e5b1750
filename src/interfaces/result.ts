import type { MetricOrigin, MetricWindow } from './metrics.js';

/**
 * The result document of a run: what `--json FILE` writes, what `kali merge`, `kali compare` and
 * `kali report` read. Plain JSON data; its schema is docs/result.schema.json (JSON Schema
 * 2020-12), whose `$id` ends in the schema version. Within a major schema version fields are
 * only added; a reader checks `schemaVersion`'s major.
 *
 * Times are seconds unless a name says otherwise (`…Ms` milliseconds); latency figures are
 * milliseconds; histograms are microseconds. Every total and rate covers the steady phase (after
 * ramp-up, for -T), except metrics whose `window` is `run` (connect latency, handshakes).
 */
export interface RunResult {
  /** The schema's `$id`, so that editors and validators find it. */
  $schema: string;
  /** `major.minor` of the result schema. */
  schemaVersion: string;
  kali: { version: string; apiVersion: string; node: string };
  /** The command line after `kali`, as given; `line` is the same quoted for a shell. */
  command: { argv: string[]; line: string };
  /** The resolved configuration: every option after defaults and units (Infinity as null). */
  config: Record<string, unknown>;
  /**
   * `--segment K/N`: this run was share K (`index`) of N (`count`) of one load spread over
   * several processes (docs/distributed.md). Absent for a whole load and for `kali merge`'s output.
   */
  segment?: { index: number; count: number };
  /**
   * `complete` once the run ended and was reported; `partial` for a document written during the
   * run (a run killed mid-way leaves this); `merged` for `kali merge`'s output.
   */
  status: 'complete' | 'partial' | 'merged';
  time: ResultTime;
  connections: ResultConnections;
  traffic: ResultTraffic;
  /** Every metric of every plugin, by name (`connect`, `message`, `redis.errors`, …). */
  metrics: Record<string, ResultMetric>;
  /** Seconds between interval records; null when none were asked for. */
  intervalSeconds: number | null;
  intervals: IntervalRecord[];
  thresholds: ThresholdVerdict[];
  /** The process's exit status; null while the run is still going. */
  exitStatus: number | null;
  /** For `kali merge`: how many results were added into this one. */
  mergedFrom?: number;
}

export interface ResultTime {
  /** Wall clock, ISO 8601 UTC. */
  start: string;
  /** Null while the run is still going. */
  end: string | null;
  /** The steady phase (after ramp-up); null when the run ended before it began. */
  steadyStart: string | null;
  steadyEnd: string | null;
  /** Seconds of steady phase measured: what every rate divides by. */
  steadySeconds: number;
  /** Seconds from start to end, ramp-up included. */
  totalSeconds: number;
}

/** `in`: accepted by the listener (`-l`); `out`: made to the destinations. */
export interface InOut {
  in: number;
  out: number;
}

export interface ResultConnections {
  /** Opened during the steady phase (accepted / established). */
  opened: InOut;
  /** Open when the run ended (tcpkali's per-channel figure divides by their sum). */
  openAtEnd: InOut;
  /** Closed by the peer (end of stream or reset) during the steady phase. */
  closedByPeer: InOut;
  /** Outgoing attempts that failed during the steady phase. */
  failed: { total: number; timedOut: number; byReason: Record<string, number> };
  /** The same counters over the whole run, ramp-up included. */
  run: {
    opened: InOut;
    closedByPeer: InOut;
    failed: { total: number; timedOut: number; byReason: Record<string, number> };
  };
}

export interface ResultTraffic {
  bytes: InOut;
  /** Messages counted by markers or a protocol; 0 when nothing counts them. */
  messages: InOut;
  /** read() and write() calls that moved data. */
  reads: number;
  writes: number;
  /** Per second over the steady phase; `bitsPerChannel` divides by the connections open at the end. */
  rates: { bits: InOut; messages: InOut; bitsPerChannel: number };
  /** Whether message counting was on (markers or a protocol). */
  messageMarkers: boolean;
}

interface ResultMetricBase {
  title: string;
  plugin: string;
  origin: MetricOrigin;
  window: MetricWindow;
}

export interface CounterResult extends ResultMetricBase {
  kind: 'counter';
  total: number;
  perSecond: number;
}

export interface LatencyResult extends ResultMetricBase {
  kind: 'latency';
  count: number;
  /** Milliseconds. 0 when there is no sample. */
  min: number;
  mean: number;
  stdev: number;
  max: number;
  /** Milliseconds by percentile label: the configured ones as typed, plus 50, 90, 99 and 99.9. */
  percentiles: Record<string, number>;
  /** The whole distribution, losslessly: HdrHistogram's compressed base64 of microseconds. */
  histogram: string;
}

export type ResultMetric = CounterResult | LatencyResult;

/** One interval of the run: true figures over [start, end), not smoothed, not cumulative. */
export interface IntervalRecord {
  /** Seconds since the run started. */
  start: number;
  end: number;
  phase: 'ramp-up' | 'steady';
  /** At the end of the interval. */
  open: InOut;
  connecting: number;
  /** During the interval. */
  opened: InOut;
  failed: number;
  bytes: InOut;
  messages: InOut;
  /** Per second over the interval. */
  rates: { bits: InOut; messages: InOut };
  /** Samples recorded during the interval only. */
  metrics: Record<string, IntervalMetric>;
}

export type IntervalMetric =
  | { kind: 'counter'; total: number; perSecond: number }
  | {
      kind: 'latency';
      count: number;
      mean: number;
      max: number;
      /** Milliseconds by label, as in {@link LatencyResult.percentiles}. */
      percentiles: Record<string, number>;
    };

/** One `--threshold` and how the run did. */
export interface ThresholdVerdict {
  /** As typed: `message.p99<5ms`. */
  expression: string;
  /** The figure it reads (`message.p99`) and its value in the threshold's base unit; null: no data. */
  figure: string;
  value: number | null;
  operator: '<' | '<=' | '>' | '>=' | '==' | '!=';
  limit: number;
  /** `ms` for latencies, `1/s` for rates, empty for counts. */
  unit: string;
  passed: boolean;
}
