/**
 * Metrics a plugin records beyond tcpkali's figures. A plugin declares them by name and kind;
 * the host gives its worker-side hooks a handle for each, merges every worker's values, and
 * hands them to every output (console line, live line, StatsD, JSON) for the steady phase.
 */

export type MetricKind = 'latency' | 'counter';

export interface MetricDeclaration {
  /** Unique in the run, lower case, dots allowed: `redis.errors`. Outputs key by it. */
  name: string;
  /** `latency`: a histogram of microseconds (the host's HDR settings); `counter`: a sum. */
  kind: MetricKind;
  /** The console's label, e.g. `Redis error replies`. */
  title: string;
  /**
   * The window the final report covers: `steady` (default), like tcpkali's traffic figures, or
   * `run` for what happens mostly while connections are made (connect latency, handshakes).
   */
  window?: MetricWindow;
}

export type MetricWindow = 'steady' | 'run';

/** Hot-path handle on a counter: no allocation per call. */
export interface Counter {
  add(n?: number): void;
}

/** Hot-path handle on a latency histogram (1 µs resolution, 3 significant digits). */
export interface LatencyRecorder {
  /** One sample, in microseconds. */
  record(micros: number): void;
}

/** What worker-side contexts offer for the plugin's declared metrics. */
export interface MetricsContext {
  /** The counter declared under `name` by this plugin; throws for an undeclared name. */
  counter(name: string): Counter;
  /** The latency metric declared under `name` by this plugin; throws for an undeclared name. */
  latency(name: string): LatencyRecorder;
}

/**
 * A latency histogram as outputs get it, decoded: the summary figures, any percentile, and the
 * recorded buckets. Values are microseconds.
 */
export interface HistogramView {
  readonly count: number;
  readonly minUs: number;
  readonly maxUs: number;
  readonly meanUs: number;
  readonly stdevUs: number;
  /** The value at percentile `p` (0–100). */
  percentile(p: number): number;
  /** Every non-empty bucket, ascending: its highest equivalent value and its count. */
  buckets(): { us: number; count: number }[];
  /** The histogram in HdrHistogram's compressed base64 form, for lossless storage and merging. */
  encode(): string;
}

/**
 * Where a metric comes from: `declared` by a plugin (its `metrics`, or a measurement's own
 * histogram), or made by the host for the plugin that recognises replies (`requests`: the
 * latency and one counter per outcome and for timeouts).
 */
export type MetricOrigin = 'declared' | 'requests';

interface MetricBase {
  name: string;
  title: string;
  /** The plugin that declared it (or whose replies it counts). */
  plugin: string;
  origin: MetricOrigin;
}

/** One metric's value for outputs. */
export type MetricValue =
  | (MetricBase & { kind: 'counter'; total: number; perSecond: number })
  | (MetricBase & { kind: 'latency'; histogram: HistogramView });
