import type { ContentArg } from './config.js';
import type { ConnectionIdentity, MessageTemplate } from './content.js';
import type { MetricsContext } from './metrics.js';
import type { HostContext, PluginBase } from './plugin.js';
import type { RequestDeclaration, RequestTracker } from './requests.js';

/**
 * A protocol speaks request/response over a transport: it encodes each request (per connection
 * and per request, expressions included), parses the replies incrementally and completes the
 * requests they answer with an outcome. The engine does the rest: pacing (`-r`, `--in-flight`),
 * timeouts (`--request-timeout`), latency from the moment each request was due, counters per
 * outcome, and every output.
 *
 * A destination whose URL scheme a protocol declares selects it: `redis://127.0.0.1:6379`.
 * tcpkali's plain `host:port` never does.
 */
export interface ProtocolPlugin extends PluginBase<'protocol'> {
  /** URL schemes that select this protocol, lower case, without `://`: `['redis']`. */
  schemes: readonly string[];
  /** The port of a destination that names none, e.g. 6379. */
  defaultPort?: number;
  /**
   * The port of a destination that names none, per scheme, when schemes differ (`http` 80,
   * `https` 443); undefined falls back to `defaultPort`. (API 1.1)
   */
  defaultPortFor?(scheme: string): number | undefined;
  /**
   * The transport to run over for `scheme` (a transport plugin's name, e.g. `tls` for
   * `rediss`). Default: whichever transport the configuration selects (`tcp` unless `--ssl` or
   * `--ws`). `--transport` always wins.
   */
  transportFor?(scheme: string): string | undefined;
  /**
   * Requests each connection keeps outstanding when `--in-flight` is not given: 1 for a protocol
   * whose servers expect a closed loop (HTTP/1.1 without pipelining). Undefined: as many as `-r`
   * sends, or unlimited pipelining without `-r`. (API 1.1)
   */
  defaultInFlight?: number;
  /** What the protocol calls its requests: the latency metric and the outcomes it counts. */
  requests: RequestDeclaration;
  /** Main thread, before any worker starts: refuse what it cannot do (a bad `-m` command). */
  check?(ctx: ProtocolContext): void;
  /** Once per worker thread. */
  create(ctx: ProtocolContext): Protocol | Promise<Protocol>;
}

export interface ProtocolContext extends HostContext, MetricsContext {
  /** 0-based worker index; -1 in the main thread (`check`). */
  readonly worker: number;
  /** Compile a content argument (`-m`, say) into a template that may hold expressions. */
  compile(arg: ContentArg): MessageTemplate;
  /** Stop the whole run with a one-line message and an exit status. */
  fail(message: string, exitCode: number): void;
}

/** One worker's protocol instance. `S` is the per-connection state `attach` returns. */
export interface Protocol<S = unknown> {
  /**
   * The requests: each rendered message is one request, rendered right before it is written
   * (so it may carry the send time and per-request values). The engine sends as many as `-r`
   * and `--in-flight` allow, combining several into one write where it can.
   */
  readonly request: MessageTemplate;
  /**
   * Sent once when a connection opens, before any request, and not a request itself (a login, a
   * CONNECT). When present, requests wait until the protocol calls `connection.ready()`.
   */
  readonly hello?: MessageTemplate;
  /** A connection opened; return its state. Runs once per connection, on the client side. */
  attach(connection: ProtocolConnection): S;
  /** Received bytes; the view is valid during the call only. Must not allocate per reply. */
  onData(state: S, data: Uint8Array, now: number): void;
  onClose?(state: S): void;
}

/** The engine's side of one connection, as a protocol sees it. */
export interface ProtocolConnection {
  readonly identity: ConnectionIdentity;
  /** Outstanding requests; complete them as replies arrive. */
  readonly requests: RequestTracker;
  /** The `hello` exchange is over: requests may flow. */
  ready(): void;
  /**
   * Write bytes that are not requests (a keep-alive ping, an acknowledgement); counted as
   * traffic. Returns false when the transport is buffering.
   */
  write(bytes: Uint8Array): boolean;
  /** Close this connection (a malformed reply, say); it is replaced at the connect rate. */
  close(): void;
}
