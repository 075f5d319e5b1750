import type { Server, Socket } from 'node:net';

/**
 * What every fault peer shares: it listens on 127.0.0.1 only, counts the connections it was
 * handed, and on close() destroys the ones still open so no test leaves a socket behind.
 */
export interface Peer {
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Connections open now, and the most that were open at once. */
  readonly open: number;
  readonly maxOpen: number;
  close(): Promise<void>;
}

export class PeerBase implements Peer {
  port = 0;
  accepted = 0;
  open = 0;
  maxOpen = 0;
  private readonly sockets = new Set<Socket>();

  constructor(readonly server: Server) {}

  /** Call for each connection the server hands over (plain sockets at 'connection'). */
  track(socket: Socket): void {
    this.accepted++;
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    this.sockets.add(socket);
    // The peers provoke errors on purpose; an unhandled one would end the test process.
    socket.on('error', ignore);
    socket.once('close', () => {
      this.open--;
      this.sockets.delete(socket);
    });
  }

  listen(): Promise<this> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: '127.0.0.1', port: 0 }, () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as { port: number }).port;
        resolve(this);
      });
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export function ignore(): void {}
