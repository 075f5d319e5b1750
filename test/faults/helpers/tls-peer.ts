import type { Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import { ignore, PeerBase } from './peer.js';
import type { Certificate } from './tls-fixtures.js';

/** A TLS server that reads and discards; counts finished handshakes and refused clients. */
export class TlsPeer extends PeerBase {
  handshakes = 0;
  clientErrors = 0;

  constructor(certificate: Certificate) {
    const server = createServer({ cert: certificate.cert, key: certificate.key });
    super(server);
    server.on('connection', (socket: Socket) => this.track(socket));
    server.on('secureConnection', (socket: TLSSocket) => {
      this.handshakes++;
      socket.on('error', ignore);
      socket.resume();
    });
    server.on('tlsClientError', () => {
      this.clientErrors++;
    });
  }
}

export function startTlsPeer(certificate: Certificate): Promise<TlsPeer> {
  return new TlsPeer(certificate).listen();
}
