/** Byte writers for building requests; none of them allocates except `concatBytes` and `ascii`. */

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

export function copyBytes(out: Uint8Array, pos: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n > SHORT_COPY) out.set(bytes, pos);
  else for (let i = 0; i < n; i++) out[pos + i] = bytes[i];
  return pos + n;
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let p = 0;
  for (const c of chunks) p = copyBytes(out, p, c);
  return out;
}

/** Text that is ASCII by construction (method, header names we add, numbers) as bytes. */
export const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');
