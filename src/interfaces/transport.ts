import type { ContentArg, Destination, RunConfig } from './config.js';
import type { ConnectionIdentity, MessageTemplate } from './content.js';
import type { MetricsContext } from './metrics.js';
import type { HostContext, PluginBase } from './plugin.js';

/**
 * A transport moves bytes. The engine owns what is sent and counted; the transport owns sockets,
 * handshakes and framing. Hooks follow undici's dispatcher style: the engine passes a handler
 * object, the transport calls it. Handlers are long-lived objects (one per connection), so the
 * transport must not allocate per read or per write beyond what Node itself does.
 */
export interface TransportPlugin extends PluginBase<'transport'> {
  /**
   * When several transports match the configuration, the highest priority wins (default 0).
   * `--transport <name>` bypasses this.
   */
  priority?: number;
  /** Whether this transport applies to the configuration (e.g. `--ssl`). Default: false. */
  matches?(config: Readonly<RunConfig>): boolean;
  /** Main thread, before any worker starts: refuse configurations this transport cannot serve. */
  check?(ctx: HostContext): void | Promise<void>;
  /**
   * Main thread (API 1.3): whether every worker can listen on the same address and port, the
   * kernel spreading accepted connections among them (Linux's SO_REUSEPORT). When true and there
   * are several workers, each one listens with `ListenRequest.shared` and also opens connections;
   * otherwise one worker listens for the run. Default: false.
   */
  sharesListeners?(ctx: HostContext): boolean;
  /** Once per worker thread. */
  create(ctx: TransportContext): Transport | Promise<Transport>;
}

export interface TransportContext extends HostContext, MetricsContext {
  /** 0-based index of this worker. */
  readonly worker: number;
  readonly workers: number;
  /** Compile a content argument (e.g. `-H` headers, which may hold expressions). */
  compile(arg: ContentArg): MessageTemplate;
}

export interface Transport {
  /**
   * Open an outgoing connection and report its life to `handler`. Never throws: failures go to
   * onClose. The returned attempt lets the engine abandon a connection that is still being set
   * up (the run ends mid-handshake); after onOpen the engine uses the stream instead.
   */
  connect(request: ConnectRequest, handler: StreamHandler): ConnectAttempt;
  /** Accept connections; `accept` is asked for a handler per accepted connection. */
  listen(request: ListenRequest, accept: AcceptHandler): Promise<Listener>;
  /** Release per-worker resources at the end of the run. */
  close?(): void | Promise<void>;
}

export interface SocketOptions {
  /** true: TCP_NODELAY on (Nagle off); false: Nagle on; undefined: leave the OS default. */
  noDelay?: boolean;
  /** SO_RCVBUF / SO_SNDBUF in bytes, when set. */
  rcvbuf?: number;
  sndbuf?: number;
}

export interface ConnectAttempt {
  /** Give up on the connection; onClose still follows. */
  cancel(): void;
}

export interface ConnectRequest extends SocketOptions {
  destination: Destination;
  /** Who this connection is, for content evaluated per connection (e.g. headers). */
  identity: ConnectionIdentity;
  /** Bind the socket to this local address before connecting. */
  localAddress?: string;
  /** Give up (onClose with an error whose code is 'ETIMEDOUT') after this many ms. */
  timeoutMs: number;
}

export interface ListenRequest extends SocketOptions {
  address: string;
  port: number;
  backlog: number;
  /**
   * Other workers of this run listen on the same address and port: bind so that they can, and
   * so that the kernel spreads connections among them. Set only for transports whose
   * `sharesListeners` said yes (API 1.3).
   */
  shared?: boolean;
}

export interface Listener {
  /** The bound address, e.g. for `Listen on: [127.0.0.1]:9000`. */
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Asked once per accepted connection for the handler that will own it. */
export type AcceptHandler = () => StreamHandler;

/**
 * The engine's side of a connection. `data` passed to onData is a view into a buffer the transport
 * reuses: read it during the call, never keep it.
 */
export interface StreamHandler {
  /** Connected (and handshaken, for layered transports): `stream` may be written from now on. */
  onOpen(stream: Stream): void;
  onData(data: Uint8Array): void;
  /** Everything written so far has been handed to the kernel; writing may resume. */
  onDrain(): void;
  /** The peer finished sending (half-close). */
  onEnd(): void;
  /** The connection is gone; `error` tells why when it failed (refused, reset, timeout, TLS). */
  onClose(error: Error | undefined): void;
  /**
   * Bytes the transport itself exchanged after onOpen (control frames, pings, renegotiation),
   * which never passed through write() or onData; the engine adds them to the traffic counters.
   */
  countTraffic(sent: number, received: number): void;
}

export interface Stream {
  /** false: the transport is buffering; wait for onDrain before writing more. */
  write(data: Uint8Array): boolean;
  /** Stop delivering onData until resume(), leaving the kernel window to fill. */
  pause(): void;
  resume(): void;
  /** Half-close our sending side. */
  end(): void;
  destroy(): void;
  /** `[addr]:port` of each side, for logs. */
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** The OS descriptor when the transport knows it (dump lines show it), else -1. */
  readonly fd: number;
  /** Bytes accepted by write() but still queued in user space (not yet handed to the kernel). */
  readonly bufferedAmount: number;
  /**
   * Bytes a layered transport exchanged before onOpen (e.g. a WebSocket upgrade), which the
   * engine adds to the traffic counters once. Undefined when there were none.
   */
  readonly handshakeBytes?: { sent: number; received: number };
}
