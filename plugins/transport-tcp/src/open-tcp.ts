import { connect, type Socket } from 'node:net';
import type { ConnectRequest, SocketOptions } from 'kali';
import { applySocketBuffers } from './socket-buffers.js';

/**
 * The TCP socket under a layered transport (TLS, WebSocket): bound and connected as the request
 * says, with --rcvbuf/--sndbuf applied before the SYN like the tcp transport's own sockets.
 */
export function openTcp(req: ConnectRequest): Socket {
  const d = req.destination;
  const socket = connect({ host: d.address, port: d.port, family: d.family, localAddress: req.localAddress });
  if (req.rcvbuf !== undefined || req.sndbuf !== undefined) applySocketBuffers(socket, req, d.family);
  return socket;
}

/** For listeners of layered transports: buffer sizes on each raw accepted socket. */
export function applyAcceptedBuffers(socket: Socket, opts: SocketOptions): void {
  if (opts.rcvbuf !== undefined || opts.sndbuf !== undefined) applySocketBuffers(socket, opts, undefined);
}
