import { createServer, type Socket } from 'node:net';
import { PeerBase } from './peer.js';

/** Writes back everything it receives, and counts the bytes: a request/response peer. */
export class EchoPeer extends PeerBase {
  /** Bytes received over all connections. */
  received = 0;

  constructor() {
    const server = createServer();
    super(server);
    server.on('connection', (socket: Socket) => {
      this.track(socket);
      socket.on('data', (d: Buffer) => {
        this.received += d.length;
        socket.write(d);
      });
    });
  }
}

export function startEchoPeer(): Promise<EchoPeer> {
  return new EchoPeer().listen();
}
