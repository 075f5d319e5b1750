import { createServer, type Socket } from 'node:net';
import { PeerBase } from './peer.js';

/** Sends FIN as soon as it accepts (shutdown(SHUT_WR)) and keeps reading until the client closes. */
export class HalfClosePeer extends PeerBase {
  /** Bytes read from all connections, every one of them after this peer's FIN went out. */
  bytesRead = 0;

  constructor() {
    super(createServer({ allowHalfOpen: true }));
    this.server.on('connection', (socket) => this.take(socket));
  }

  private take(socket: Socket): void {
    this.track(socket);
    socket.on('data', (chunk: Buffer) => {
      this.bytesRead += chunk.length;
    });
    socket.on('end', () => socket.destroy());
    socket.end();
  }
}

export function startHalfClosePeer(): Promise<HalfClosePeer> {
  return new HalfClosePeer().listen();
}
