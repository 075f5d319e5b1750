import type { ContentArg, ContentOption } from './config.js';
import type { HostContext, PluginBase } from './plugin.js';

/**
 * Content plugins turn traffic-content arguments (`-m`, `-1`, `-f`, `--first-message-file`, `-H`,
 * `--latency-marker`) into message templates, in two steps:
 *
 * 1. `load`: an argument that names something to read (a file, say) becomes bytes. The first
 *    plugin that returns bytes wins; inline arguments need no loader (their UTF-8 bytes are used).
 * 2. `compile`: bytes become a {@link MessageTemplate}. Plugins are asked in priority order
 *    (highest first); the first that returns a template owns the source.
 *
 * A plugin that recognises its input but finds it invalid throws a {@link PluginError} (exit 1 for
 * a bad expression, 65 for an unreadable message file). Both steps run in the main thread (so
 * errors surface before the run) and again in every worker.
 */
export interface ContentPlugin extends PluginBase<'content'> {
  priority?: number;
  load?(arg: ContentArg, ctx: ContentContext): Uint8Array | undefined;
  compile?(source: ContentSource, ctx: ContentContext): MessageTemplate | undefined;
}

/** Bytes to compile, with where they came from. */
export interface ContentSource {
  option: ContentOption;
  bytes: Uint8Array;
  /** `-e` preceded the argument: unescape literal text with `ctx.unescape`. */
  unescape: boolean;
  /** The argument or file name, for error messages. */
  origin: string;
}

export interface ContentContext extends HostContext {
  /** Which side will send the bytes: clients mask WebSocket frames, listeners do not. */
  readonly side: 'client' | 'server';
  /** tcpkali's `-e` rules (`\n`, `\xHH`, `\0ooo`, …) applied to literal bytes. */
  unescape(bytes: Uint8Array): Uint8Array;
  /** Same in every thread of one run; derive anything that must agree across workers from it. */
  readonly seed: number;
}

/**
 * A compiled message. A static message exposes its bytes and the engine pre-joins copies of it
 * into large write buffers, so sending it costs nothing per message. A dynamic one is bound to
 * each connection and rendered right before it is written.
 */
export interface MessageTemplate {
  /** The message's bytes when they never change; undefined for dynamic messages. */
  readonly bytes?: Uint8Array;
  /** Upper bound of one rendered message in bytes. */
  readonly maxLength: number;
  /**
   * Whether rendered messages carry tcpkali message markers (`\{message.marker}`); the engine
   * then counts and times messages on the receiving side.
   */
  readonly markers?: boolean;
  /** Dynamic messages: a renderer bound to one connection. Required when `bytes` is undefined. */
  bind?(connection: ConnectionIdentity): MessageRenderer;
}

/** Per-connection values that content may depend on. */
export interface ConnectionIdentity {
  /** Global 1-based connection number (tcpkali's `connection.uid`), unique across workers and sides. */
  readonly uid: number;
  /** A per-connection token unique within the process (tcpkali's `connection.ptr`). */
  readonly ptr: number;
}

export interface MessageRenderer {
  /**
   * The rendered bytes when they are the same for every message of this connection (only
   * per-connection values inside); the engine may then reuse them without rendering.
   */
  readonly bytes?: Uint8Array;
  /**
   * Write one message into `out` at `offset` and return its length (at most the template's
   * maxLength). `nowMicros` is the send time in microseconds since the Unix epoch, for message
   * markers: the engine renders immediately before writing, so stamping here is stamping at send
   * time. Called on the hot path: must not allocate.
   */
  render(out: Uint8Array, offset: number, nowMicros: number): number;
}
