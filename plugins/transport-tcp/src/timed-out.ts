import type { Socket } from 'node:net';

/** Ends a connect attempt that ran past --connect-timeout, with the code the engine counts. */
export function destroyTimedOut(socket: Socket): void {
  const err: NodeJS.ErrnoException = new Error('Connection timed out');
  err.code = 'ETIMEDOUT';
  socket.destroy(err);
}
