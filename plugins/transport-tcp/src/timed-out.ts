import type { Socket } from 'node:net';
import { streamOf } from './socket-events.js';

/** The error of an attempt that ran past --connect-timeout, with the code the engine counts. */
export function timedOutError(message = 'Connection timed out'): Error {
  const err: NodeJS.ErrnoException = new Error(message);
  err.code = 'ETIMEDOUT';
  return err;
}

/**
 * ConnectDeadlines' expiry for tagged sockets: one not yet handed to the engine (still
 * connecting, or for TLS still handshaking) is destroyed as timed out.
 */
export function expireConnect(socket: Socket): void {
  if (!socket.destroyed && !streamOf(socket).opened) socket.destroy(timedOutError());
}
