import { isTlsError, singleLine, tlsFailure } from '@kali/transport-tls/tls-failure';

/**
 * The reasons a client's upgrade failed, as the one-line errors the engine prints (`-v` Closing
 * lines, the failed-connects summary). System errors (refused, reset) and timeouts pass through:
 * the engine words them as the C library does and counts ETIMEDOUT as a timeout.
 */

/** The server answered the upgrade request with something other than 101. */
export function refusedUpgrade(status: number | undefined): Error {
  const err: NodeJS.ErrnoException = new Error(`WebSocket upgrade refused: HTTP ${status ?? '?'}`);
  err.code = 'EWSUPGRADE';
  return err;
}

/** What `ws` reported before the connection opened, made readable. */
export function upgradeFailure(err: Error, secure: boolean): Error {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ETIMEDOUT') return err;
  if (secure && isTlsError(err)) return tlsFailure(err, true);
  if (typeof e.errno === 'number') return err;
  // Node's "socket hang up": the peer closed without answering the request.
  if (e.code === 'ECONNRESET') return failed('the peer closed the connection', err);
  return failed(singleLine(err).message, err);
}

function failed(reason: string, cause: Error): Error {
  return new Error(`WebSocket upgrade failed: ${reason}`, { cause });
}
