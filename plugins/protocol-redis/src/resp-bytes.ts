/** Small byte writers for RESP framing; none of them allocates. */

export const CR = 0x0d;
export const LF = 0x0a;

/** Below this size a byte loop beats `TypedArray.set`, whose call overhead dominates. */
const SHORT_COPY = 32;

/** Decimal digits of a non-negative integer. */
export function decimalDigits(n: number): number {
  let digits = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    digits++;
  }
  return digits;
}

/** Writes `n` (a non-negative integer) in decimal at `pos`; returns the position after it. */
export function writeDecimal(out: Uint8Array, pos: number, n: number): number {
  const end = pos + decimalDigits(n);
  let p = end;
  do {
    out[--p] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  return end;
}

/** Writes `<prefix><n>\r\n` (`*3\r\n`, `$5\r\n`); returns the position after it. */
export function writeHeader(out: Uint8Array, pos: number, prefix: number, n: number): number {
  out[pos] = prefix;
  pos = writeDecimal(out, pos + 1, n);
  out[pos] = CR;
  out[pos + 1] = LF;
  return pos + 2;
}

/** Length of `<prefix><n>\r\n`. */
export const headerLength = (n: number): number => decimalDigits(n) + 3;

export function copyBytes(out: Uint8Array, pos: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n > SHORT_COPY) out.set(bytes, pos);
  else for (let i = 0; i < n; i++) out[pos + i] = bytes[i];
  return pos + n;
}

export const ARRAY = 0x2a;
export const BULK = 0x24;

/** A whole bulk string, `$<len>\r\n<bytes>\r\n`: built once, at compile or bind time. */
export function encodeBulk(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(headerLength(bytes.length) + bytes.length + 2);
  let p = writeHeader(out, 0, BULK, bytes.length);
  p = copyBytes(out, p, bytes);
  out[p] = CR;
  out[p + 1] = LF;
  return out;
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let p = 0;
  for (const c of chunks) p = copyBytes(out, p, c);
  return out;
}
