import type { ContentArg, RunConfig } from './config.js';
import type { PluginBase } from './plugin.js';

/**
 * Content plugins turn traffic-content arguments (`-m`, `-1`, `-f`, `--first-message-file`, `-H`,
 * `--latency-marker`) into message templates. For each argument the host asks the content
 * plugins in priority order (highest first); the first that returns a template owns it. A plugin
 * that recognises an argument but finds it invalid throws (a {@link PluginError}, exit 1 for a bad
 * expression, 65 for an unreadable message file).
 *
 * Compilation runs in the main thread (to report errors before the run) and again in every worker.
 */
export interface ContentPlugin extends PluginBase<'content'> {
  priority?: number;
  compile(arg: ContentArg, ctx: ContentContext): MessageTemplate | undefined;
}

export interface ContentContext {
  readonly config: Readonly<RunConfig>;
  /** Which side will send the bytes: clients mask WebSocket frames, listeners do not. */
  readonly side: 'client' | 'server';
  /**
   * Compile raw bytes (e.g. a file's contents) through the whole chain, as if they had been given
   * as an argument like `like` (same option and `-e` state).
   */
  compileBytes(bytes: Uint8Array, like: ContentArg): MessageTemplate;
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
