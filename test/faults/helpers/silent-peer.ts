import { createServer, type Socket } from 'node:net';
import { type Peer, PeerBase } from './peer.js';

/**
 * Accepts TCP and never writes, so an HTTP upgrade or a TLS handshake waits forever.
 *
 * With `reads: false` it never reads either: the kernel window fills and the sender blocks. It
 * then cannot see the client's FIN, so `open` only counts down when the client resets. With
 * `reads: true` it drains and drops what arrives and sees every close.
 */
export function startSilentPeer(opts: { reads: boolean }): Promise<Peer> {
  // pauseOnConnect: Node never starts reading, so nothing is drained from the receive buffer.
  const server = createServer({ pauseOnConnect: !opts.reads });
  const peer = new PeerBase(server);
  server.on('connection', (socket: Socket) => {
    peer.track(socket);
    if (opts.reads) socket.resume();
  });
  return peer.listen();
}
