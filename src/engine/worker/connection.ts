import type { Stream, StreamHandler } from '../../interfaces/transport.js';
import type { Pipeline } from './pipeline.js';
import type { Writer } from './write-pump.js';

/** Connection phases as small integers: compared on every write, stored on thousands of objects. */
const Phase = { Connecting: 0, Open: 1, Closed: 2 } as const;

/**
 * One connection's state, and the engine's handler for its transport events. Deliberately a
 * plain class with methods on the prototype: thousands of these exist at once, so no
 * per-connection closures, timers or buffers.
 */
export class Connection implements StreamHandler, Writer {
  stream: Stream | null = null;
  nextWriter: Writer | null = null;
  queued = false;
  private phase: number = Phase.Connecting;
  /** The first messages still have to go out. */
  private firstPending: boolean;

  constructor(
    private readonly pipeline: Pipeline,
    readonly side: 'client' | 'server',
    /** Index into the worker's destination list (client side), -1 for accepted connections. */
    readonly destination: number,
  ) {
    this.firstPending = side === 'client' ? pipeline.payload.first !== undefined : false;
  }

  get isOpen(): boolean {
    return this.phase === Phase.Open;
  }

  onOpen(stream: Stream): void {
    this.stream = stream;
    this.phase = Phase.Open;
    this.pipeline.connectionOpened(this);
    if (this.side === 'client' && this.pipeline.sending) this.pipeline.pump.enqueue(this);
  }

  onData(data: Uint8Array): void {
    const t = this.pipeline.traffic;
    t.bytesRcvd += data.length;
    t.reads++;
  }

  onDrain(): void {
    if (this.phase === Phase.Open && this.pipeline.sending) this.pipeline.pump.enqueue(this);
  }

  onEnd(): void {
    // tcpkali keeps its own side open after the peer half-closes; nothing to do.
  }

  onClose(error: Error | undefined): void {
    const was = this.phase;
    this.phase = Phase.Closed;
    this.pipeline.connectionClosed(this, was === Phase.Open, error);
  }

  /** Called by the pump: write the next chunk of static content. */
  writeOnce(): boolean {
    const stream = this.stream;
    if (this.phase !== Phase.Open || stream === null) return false;
    const payload = this.pipeline.payload;
    const t = this.pipeline.traffic;
    let chunk: Buffer | undefined;
    if (this.firstPending) {
      this.firstPending = false;
      chunk = payload.first;
    } else {
      chunk = payload.bulk;
      if (chunk === undefined) return false;
      t.msgsSent += payload.messagesPerBulk;
    }
    if (chunk === undefined) return false;
    t.bytesSent += chunk.length;
    t.writes++;
    return stream.write(chunk);
  }

  /** Bytes counted as sent that never left user space; subtracted when the run stops. */
  unsentBytes(): number {
    return this.stream?.bufferedAmount ?? 0;
  }

  close(): void {
    this.stream?.destroy();
  }
}
