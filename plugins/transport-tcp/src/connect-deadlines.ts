import type { Socket } from 'node:net';
import { streamOf } from './socket-events.js';

/**
 * Connect timeouts for all of a worker's sockets from one timer. Sockets start connecting in
 * order and share one timeout, so their deadlines are already sorted: a FIFO with a timer for
 * its head replaces a Timeout object, a bound function and a 'timeout' listener per socket.
 */
export class ConnectDeadlines {
  private sockets: (Socket | undefined)[] = [];
  private deadlines: number[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly check = () => this.expire();

  constructor(private readonly onTimeout: (socket: Socket) => void) {}

  add(socket: Socket, timeoutMs: number): void {
    this.sockets.push(socket);
    this.deadlines.push(performance.now() + timeoutMs);
    if (this.timer === null) this.arm();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.sockets = [];
    this.deadlines = [];
    this.head = 0;
  }

  private arm(): void {
    const wait = this.deadlines[this.head] - performance.now();
    this.timer = setTimeout(this.check, Math.max(1, Math.ceil(wait)));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = null;
    const now = performance.now();
    while (this.head < this.sockets.length && this.deadlines[this.head] <= now) {
      const socket = this.sockets[this.head];
      this.sockets[this.head] = undefined;
      this.head++;
      // Not yet handed to the engine: still connecting, or (TLS) still handshaking.
      if (socket && !socket.destroyed && !streamOf(socket).opened) this.onTimeout(socket);
    }
    // Drop the consumed prefix once it dominates, so the arrays do not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.sockets.length) {
      this.sockets = this.sockets.slice(this.head);
      this.deadlines = this.deadlines.slice(this.head);
      this.head = 0;
    }
    if (this.head < this.sockets.length) this.arm();
  }
}
