import { createServer, type Socket } from 'node:net';
import { PeerBase } from './peer.js';

/**
 * Not a TLS server: answers every connection with the same bytes and a FIN. The first byte, 'H',
 * is no TLS record type, so a TLS client fails with OpenSSL's "wrong version number".
 */
export const GARBAGE = Buffer.from('HTTP/1.0 400 this is not TLS\r\n\r\n');

export class GarbagePeer extends PeerBase {
  constructor() {
    super(createServer());
    this.server.on('connection', (socket: Socket) => {
      this.track(socket);
      socket.resume();
      socket.end(GARBAGE);
    });
  }
}

export function startGarbagePeer(): Promise<GarbagePeer> {
  return new GarbagePeer().listen();
}
