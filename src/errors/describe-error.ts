import { getSystemErrorMap } from 'node:util';

const systemErrors = getSystemErrorMap();

/** Where libuv's wording differs from glibc's strerror(), which tcpkali prints. */
const GLIBC_WORDING: Record<string, string> = {
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EHOSTUNREACH: 'No route to host',
  EISDIR: 'Is a directory',
  EIO: 'Input/output error',
};

/**
 * The C library's wording for a system error ("Connection refused", "Address already in use"),
 * which tcpkali's messages use, instead of Node's "connect ECONNREFUSED 127.0.0.1:1".
 */
export function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  if (typeof e?.code === 'string' && GLIBC_WORDING[e.code]) return GLIBC_WORDING[e.code];
  if (typeof e?.errno === 'number') {
    const entry = systemErrors.get(e.errno);
    if (entry) return capitalize(entry[1]);
  }
  if (typeof e?.code === 'string') {
    for (const [, [name, text]] of systemErrors) if (name === e.code) return capitalize(text);
  }
  // Not a system error: its own message, on one line.
  return (e instanceof Error ? e.message : String(err)).split('\n')[0];
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
