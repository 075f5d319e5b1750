import type { ContentArg, ContentOption, RunConfig } from './config.js';
import type { PluginBase } from './plugin.js';

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

export interface ContentContext {
  readonly config: Readonly<RunConfig>;
  /** Which side will send the bytes: clients mask WebSocket frames, listeners do not. */
  readonly side: 'client' | 'server';
  /** tcpkali's `-e` rules (`\n`, `\xHH`, `\0ooo`, …) applied to literal bytes. */
  unescape(bytes: Uint8Array): Uint8Array;
}

/**
 * A compiled message. A static message exposes its bytes and the engine pre-joins copies of it
 * into large write buffers, so sending it costs nothing per message.
 */
export interface MessageTemplate {
  /** The message's bytes when they never change; undefined for dynamic messages. */
  readonly bytes?: Uint8Array;
  /** Upper bound of one rendered message in bytes. */
  readonly maxLength: number;
  /** Dynamic messages: a renderer bound to one connection. */
  bind?(connection: ConnectionIdentity): MessageRenderer;
}

/** Per-connection values that content may depend on. */
export interface ConnectionIdentity {
  /** Global 1-based connection number (tcpkali's `connection.uid`). */
  readonly uid: number;
}

export interface MessageRenderer {
  /** Write one message into `out` at `offset`, return its length. Must not allocate. */
  render(out: Uint8Array, offset: number): number;
}
