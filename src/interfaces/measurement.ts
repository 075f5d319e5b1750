import type { HostContext, PluginBase } from './plugin.js';

/**
 * A measurement observes connections inside the workers and records values (microseconds) into
 * an HdrHistogram the host owns. The host merges every worker's histogram in the main thread and
 * reports `<title> at percentiles: …` with the configured percentiles.
 */
export interface MeasurementPlugin extends PluginBase<'measurement'> {
  /** Report line prefix, e.g. `TCP connect latency`. */
  title: string;
  /** Whether the configuration turns this measurement on (e.g. `--latency-connect`). */
  enabled(ctx: HostContext): boolean;
  /** Once per worker thread. */
  create(ctx: MeasurementContext): Observer;
}

export interface MeasurementContext extends HostContext {
  readonly worker: number;
  /** Record one sample in microseconds. */
  record(micros: number): void;
  /** Monotonic clock in microseconds, the same one the hooks receive. */
  now(): number;
}

/**
 * Hooks on a connection's life. `state` is the object `attach` returned for this connection, so a
 * measurement keeps per-connection data without closures or maps. `now` is monotonic microseconds.
 */
export interface Observer<S = unknown> {
  /** A connection is being set up (outgoing) or was accepted (incoming). */
  attach(side: 'client' | 'server', now: number): S;
  onOpen?(state: S, now: number): void;
  /** One write moved `bytes` bytes holding `messages` whole messages that start at offsets the engine knows. */
  onSend?(state: S, bytes: number, messages: number, now: number): void;
  /** Received data; the view is only valid during the call. */
  onData?(state: S, data: Uint8Array, now: number): void;
  onClose?(state: S, now: number): void;
}
