/**
 * OpenSSL's text for a failure is a whole error queue entry, with a thread id, the error code, the
 * function and the source path, and ends in a newline: `C0D6…:error:0A00010B:SSL routines:
 * ssl3_get_record:wrong version number:../deps/openssl/…/ssl3_record.c:350:\n`, sometimes behind
 * `write EPROTO `. The engine prints an error's message inside one line of its report, so a TLS
 * failure is handed over as what OpenSSL calls the reason.
 */
const OPENSSL_ENTRY = /[0-9A-F]+:error:[0-9A-F]+:[^:\n]*:[^:\n]*:([^:\n]+)/;

/** Node's wording when the peer closes (FIN, no errno) before the handshake is done. */
const CLOSED_DURING_HANDSHAKE = /before secure TLS connection/;

interface OpenSslError extends NodeJS.ErrnoException {
  library?: string;
  reason?: string;
}

/** OpenSSL's reason for `err`, or undefined when the error did not come from OpenSSL. */
export function opensslReason(err: Error): string | undefined {
  const e = err as OpenSslError;
  if (typeof e.library === 'string' && typeof e.reason === 'string') return e.reason;
  return OPENSSL_ENTRY.exec(e.message)?.[1];
}

/** Whether `err` is the TLS layer's own complaint rather than the TCP socket's. */
export function isTlsError(err: Error): boolean {
  return opensslReason(err) !== undefined || CLOSED_DURING_HANDSHAKE.test(err.message);
}

/**
 * The error to report for a TLS connection that failed: one readable line such as
 * `TLS handshake failed: wrong version number`. System errors (refused, reset) and timeouts are
 * returned as they are, because the engine words and counts them by their code.
 */
export function tlsFailure(err: Error, handshaking: boolean): Error {
  const what = handshaking ? 'TLS handshake failed' : 'TLS connection failed';
  const reason = opensslReason(err);
  if (reason !== undefined) return replaced(`${what}: ${reason}`, err);
  if (CLOSED_DURING_HANDSHAKE.test(err.message))
    return replaced(`${what}: the peer closed the connection`, err);
  return singleLine(err);
}

/** `err` itself when its message is one line, else a copy (same code and errno) of its first line. */
export function singleLine(err: Error): Error {
  const text = err.message.trim();
  const end = text.indexOf('\n');
  if (end < 0 && text === err.message) return err;
  const copy: NodeJS.ErrnoException = replaced(end < 0 ? text : text.slice(0, end).trim(), err);
  const e = err as NodeJS.ErrnoException;
  if (e.code !== undefined) copy.code = e.code;
  if (e.errno !== undefined) copy.errno = e.errno;
  return copy;
}

function replaced(message: string, cause: Error): Error {
  return new Error(message, { cause });
}
