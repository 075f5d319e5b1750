/**
 * Requests and replies. When a run recognises replies (a protocol plugin, or `--latency-marker`),
 * every message the engine sends on a connection is a request. The engine keeps, per connection,
 * the moment each outstanding request was *due*: its slot in the `-r` schedule, or the moment an
 * `--in-flight` slot freed, or the moment it was written when sending is unlimited. Measuring
 * from the due moment instead of the write means a sender that falls behind cannot hide queueing
 * (coordinated omission).
 *
 * Whoever recognises a reply completes the request it answers; the host then records the latency
 * into the request metric and counts the outcome, frees the in-flight slot, and sends the next
 * request if one is due.
 */
export interface RequestTracker {
  /** Requests sent on this connection and not yet completed. */
  readonly outstanding: number;
  /**
   * The oldest outstanding request got its reply, with `outcome` (an index into the owner's
   * declared outcomes; 0 when omitted). Returns the latency in microseconds, or -1 when nothing
   * was outstanding (more replies than requests).
   */
  complete(outcome?: number): number;
  /**
   * Request number `seq` of this connection got its reply (0 for the first request the
   * connection sent, in the order the engine rendered them), for protocols that answer out of
   * order. Returns the latency in microseconds, or -1 when `seq` is not outstanding.
   */
  completeSeq(seq: number, outcome?: number): number;
  /** Forget the oldest outstanding request without recording it (e.g. replies to skip). */
  discard(): void;
}

/**
 * What a plugin that recognises replies declares. The host makes `metric` a latency metric with
 * `title`, and one counter per outcome (`<metric>.<outcome>`), plus `<metric>.timeout` when
 * `--request-timeout` is set.
 */
export interface RequestDeclaration {
  /** The latency metric's name, e.g. `redis`; `message` for the built-in marker. */
  metric: string;
  /** e.g. `Redis reply latency`. */
  title: string;
  /** Outcome names; index 0 is the default. Default: `['ok']`. */
  outcomes?: readonly string[];
  /**
   * How the counters' titles name the requests: `HTTP` titles `http.2xx` as `HTTP 2xx`. Default:
   * the metric name. (API 1.1)
   */
  label?: string;
}
