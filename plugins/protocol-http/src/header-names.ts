/**
 * The few header names and list tokens that change how a response is read, lower case, matched
 * byte by byte as they arrive: each candidate is one bit of a mask that a byte clears when it
 * differs, so a name is recognised without ever becoming a string.
 */

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Header kinds, as indexes into HEADER_NAMES; OTHER is every header the parser skips. */
export const CONTENT_LENGTH = 0;
export const TRANSFER_ENCODING = 1;
export const CONNECTION = 2;
export const OTHER = 3;

export const HEADER_NAMES: readonly Uint8Array[] = [
  bytes('content-length'),
  bytes('transfer-encoding'),
  bytes('connection'),
];

/** Every header name is a candidate before its first byte. */
export const ALL_HEADERS = 0b111;

/** The coding that frames a body (`Transfer-Encoding`): one candidate. */
export const CODINGS: readonly Uint8Array[] = [bytes('chunked')];
export const CHUNKED = 0;

/** `Connection` options that matter: bit CLOSE, bit KEEP_ALIVE. */
export const CONNECTION_OPTIONS: readonly Uint8Array[] = [bytes('close'), bytes('keep-alive')];
export const CLOSE = 0;
export const KEEP_ALIVE = 1;

/**
 * The candidates of `mask` whose byte at `pos` is `b`, compared case-insensitively. `b | 0x20`
 * lower-cases letters; the other token bytes it changes (`^`, `_`) become bytes no name holds.
 */
export function narrow(mask: number, names: readonly Uint8Array[], pos: number, b: number): number {
  const lower = b | 0x20;
  for (let k = 0; k < names.length; k++) {
    const name = names[k];
    if ((mask & (1 << k)) !== 0 && (pos >= name.length || name[pos] !== lower)) mask &= ~(1 << k);
  }
  return mask;
}

/** The candidate of `mask` that is exactly `length` bytes long, or -1. */
export function matched(mask: number, names: readonly Uint8Array[], length: number): number {
  for (let k = 0; k < names.length; k++) {
    if ((mask & (1 << k)) !== 0 && names[k].length === length) return k;
  }
  return -1;
}
