import type { ContentArg } from './config.js';
import type { ConnectionIdentity, MessageTemplate } from './content.js';
import type { MetricsContext, MetricWindow } from './metrics.js';
import type { HostContext, PluginBase } from './plugin.js';
import type { RequestDeclaration, RequestTracker } from './requests.js';

/**
 * A measurement observes connections inside the workers and records values (microseconds) into
 * an HdrHistogram the host owns (1 µs resolution, 3 significant digits, at least an hour of
 * range). The host merges every worker's histogram in the main thread and reports
 * `<title> at percentiles: …` with the configured percentiles.
 */
export interface MeasurementPlugin extends PluginBase<'measurement'> {
  /** Report line prefix, e.g. `TCP connect latency`. */
  title: string;
  /**
   * Short key for outputs: the progress line shows `c=`/`fb=`/`m=` for `connect`/`firstbyte`/
   * `message`, and StatsD sends `latency.<metric>.*`.
   */
  metric: string;
  /**
   * Set when this measurement recognises replies to the messages kali sends (as
   * `--latency-marker` does): every message becomes a request, observers get each connection's
   * {@link RequestTracker}, and completing a request records its latency into this
   * measurement's histogram. At most one plugin of a run may recognise replies.
   */
  requests?: RequestDeclaration;
  /**
   * The window its report line covers (see {@link MetricDeclaration.window}); `run` for samples
   * taken as connections open, which mostly happens during ramp-up. Default: `steady`.
   */
  window?: MetricWindow;
  /** Whether the configuration turns this measurement on (e.g. `--latency-connect`). */
  enabled(ctx: HostContext): boolean;
  /** Main thread, before any worker starts: refuse configurations it cannot measure. */
  check?(ctx: MeasurementContext): void;
  /** Once per worker thread. */
  create(ctx: MeasurementContext): Observer;
}

export interface MeasurementContext extends HostContext, MetricsContext {
  readonly worker: number;
  /** Record one sample in microseconds. */
  record(micros: number): void;
  /** Count messages recognised in received data (the report's message rate). */
  countReceived(messages: number): void;
  /** Compile a content argument (e.g. `--latency-marker`, which may hold expressions). */
  compile(arg: ContentArg): MessageTemplate;
  /** Stop the whole run with a one-line message and an exit status. */
  fail(message: string, exitCode: number): void;
  /**
   * Wall-clock microseconds since the Unix epoch for a hook's `now`, calibrated the same way in
   * every thread that stamps message markers (tcpkali's markers carry wall-clock time).
   */
  toEpochMicros(monotonicMicros: number): number;
  /** A streaming substring search for `needle` (the host's fast one; see {@link ByteSearch}). */
  createSearch(needle: Uint8Array): ByteSearch;
}

/**
 * Finds a byte string in data that arrives in chunks, including occurrences split across chunks.
 * The caller keeps one integer of state per connection and passes it back with the next chunk.
 * Hits do not overlap.
 */
export interface ByteSearch {
  /** Scans `chunk`; returns the state to pass with the next chunk. */
  feed(state: number, chunk: Uint8Array): number;
  /** Hits in the last fed chunk. */
  readonly hits: number;
  /** hitEnds[i] (i < hits): offset in the last chunk just past hit i (≤ 0 never happens). */
  readonly hitEnds: Int32Array;
}

/**
 * Hooks on a connection's life. `state` is the object `attach` returned for this connection, so a
 * measurement keeps per-connection data without closures or maps. `now` is monotonic microseconds
 * (`performance.now() * 1000`); hooks run on the hot path and must not allocate.
 */
export interface Observer<S = unknown> {
  /**
   * A connection is being set up (outgoing, before connect) or was accepted (incoming). Return
   * the per-connection state, or undefined to ignore this connection altogether.
   */
  attach(
    side: 'client' | 'server',
    identity: ConnectionIdentity,
    now: number,
    /** The connection's outstanding requests, when this measurement declares `requests`. */
    requests?: RequestTracker,
  ): S | undefined;
  onOpen?(state: S, now: number): void;
  /** One write handed `messages` whole messages (first messages excluded) to the transport. */
  onSend?(state: S, messages: number, now: number): void;
  /** Received data; the view is only valid during the call. */
  onData?(state: S, data: Uint8Array, now: number): void;
  onClose?(state: S, now: number): void;
  /**
   * The worker is ending, after every connection closed: the last moment to record or count
   * (per-worker totals, say). Runs once per worker.
   */
  onStop?(): void;
}
