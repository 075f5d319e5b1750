import type { Socket } from 'node:net';
import { onServerData, openSocket, streamOf, tagSocket } from '@kali/transport-tcp/socket-events';
import type { StreamHandler } from 'kali';

/**
 * After the upgrade the socket leaves `ws`: its listeners go, the engine's shared ones come, and
 * the handshake bytes are reported once so the counters match what crossed the wire.
 */
export function takeOver(socket: Socket, handler: StreamHandler, noDelay: boolean | undefined): void {
  for (const event of ['data', 'end', 'close', 'error', 'drain', 'timeout'] as const)
    socket.removeAllListeners(event);
  tagSocket(socket, handler);
  // tcpkali closes a connection whose peer half-closed, as the tcp and tls transports' sockets
  // do by themselves; an HTTP server's sockets allow half-open ones, which would linger.
  socket.allowHalfOpen = false;
  if (noDelay !== undefined) socket.setNoDelay(noDelay);
  else socket.setNoDelay(false);
  // ws put any bytes that followed the handshake back into the socket; 'data' delivers them.
  const pending = socket.readableLength;
  streamOf(socket).handshakeBytes = { sent: socket.bytesWritten, received: socket.bytesRead - pending };
  socket.on('data', onServerData);
  openSocket(socket);
}
