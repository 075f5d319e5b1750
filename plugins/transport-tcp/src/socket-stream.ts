import type { Socket } from 'node:net';
import type { ConnectAttempt, Stream, StreamHandler } from 'kali';

/** Node internals that have been stable since v10; used only to count unsent bytes exactly. */
interface PrivateSocket {
  _handle?: { writeQueueSize?: number };
  _writableState?: { length: number; writing: boolean; writelen: number };
}

/** The engine's view of a TCP socket. One small object per connection, no closures. */
export class SocketStream implements Stream, ConnectAttempt {
  /** The error that will close the socket, kept for the handler's onClose. */
  error: Error | undefined = undefined;
  /** Whether the engine has been handed this stream (connected, and handshaken if layered). */
  opened = false;
  /** Set by layered transports (WebSocket) that talked on the socket before handing it over. */
  handshakeBytes?: { sent: number; received: number };

  constructor(
    readonly socket: Socket,
    readonly handler: StreamHandler,
  ) {}

  write(data: Uint8Array): boolean {
    return this.socket.write(data);
  }
  pause(): void {
    this.socket.pause();
  }
  resume(): void {
    this.socket.resume();
  }
  end(): void {
    this.socket.end();
  }
  destroy(): void {
    this.socket.destroy();
  }
  cancel(): void {
    this.socket.destroy();
  }
  get localAddress(): string {
    return this.socket.localAddress ?? '';
  }
  get localPort(): number {
    return this.socket.localPort ?? 0;
  }
  get remoteAddress(): string {
    return this.socket.remoteAddress ?? '';
  }
  get remotePort(): number {
    return this.socket.remotePort ?? 0;
  }
  get fd(): number {
    // Node keeps the descriptor on its private handle; absent on some platforms.
    const handle = (this.socket as unknown as { _handle?: { fd?: number } })._handle;
    return typeof handle?.fd === 'number' ? handle.fd : -1;
  }
  get bufferedAmount(): number {
    // writableLength also counts the chunk libuv is writing, part of which may already be in the
    // kernel; libuv's own queue size says how much of that chunk is still waiting.
    const socket = this.socket as unknown as PrivateSocket;
    const state = socket._writableState;
    if (state === undefined) return this.socket.writableLength;
    const inFlight = state.writing ? state.writelen : 0;
    // A socket being destroyed has lost its handle, and with it libuv's count; how much of the
    // chunk in flight reached the kernel is unknown then. Counting all of it as unsent made the
    // steady-phase figure go negative when a run stopped right after ramp-up (the chunk had been
    // counted as handed over at 'steady'), so only what never left Node's queue counts.
    const queue = socket._handle?.writeQueueSize;
    return (typeof queue === 'number' ? queue : 0) + (state.length - inFlight);
  }
}
