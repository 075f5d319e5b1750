import { createServer, type Socket } from 'node:net';
import { PeerBase } from './peer.js';

/**
 * Resets every connection (RST, not FIN) once it has read `afterBytes` bytes from it; with 0,
 * right after accepting it.
 */
export class ResetPeer extends PeerBase {
  /** Connections this peer reset. */
  resets = 0;

  constructor(private readonly afterBytes: number) {
    super(createServer());
    this.server.on('connection', (socket) => this.take(socket));
  }

  private take(socket: Socket): void {
    this.track(socket);
    if (this.afterBytes === 0) {
      this.reset(socket);
      return;
    }
    let seen = 0;
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen >= this.afterBytes && !socket.destroyed) this.reset(socket);
    });
  }

  private reset(socket: Socket): void {
    this.resets++;
    socket.resetAndDestroy();
  }
}

export function startResetPeer(afterBytes: number): Promise<ResetPeer> {
  return new ResetPeer(afterBytes).listen();
}
