/**
 * tcpkali's `-e` unescaping, shared by the command line (`--message-stop`) and the content plugins
 * (literal parts of messages). It works on bytes because `\xHH` and `\0ooo` may produce bytes that
 * are not valid UTF-8 on their own.
 *
 * Rules, which differ from C's on purpose to stay compatible: `\n \r \f \b` are control bytes;
 * `\x` takes one or two hex digits; `\0` takes up to three more octal digits; `\\` is kept as two
 * backslashes; any other escaped byte stands for itself (`\t` is `t`, `\101` is `101`).
 */

const BACKSLASH = 0x5c;

/** The escapes that stand for control bytes, keyed by the letter after the backslash. */
const CONTROL = new Map<number, number>([
  [0x6e, 0x0a], //

  [0x72, 0x0d], //
  [0x66, 0x0c], //
  [0x62, 0x08], // 
]);

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  return -1;
}

const isOctal = (byte: number): boolean => byte >= 0x30 && byte <= 0x37;

export function unescapeBytes(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length);
  let n = 0;
  let i = 0;
  while (i < input.length) {
    const byte = input[i++];
    if (byte !== BACKSLASH || i >= input.length) {
      out[n++] = byte;
      continue;
    }
    const next = input[i++];
    if (next === BACKSLASH) {
      out[n++] = BACKSLASH;
      out[n++] = BACKSLASH;
    } else if (CONTROL.has(next)) {
      out[n++] = CONTROL.get(next)!;
    } else if (next === 0x78 /* x */ && i < input.length && hexValue(input[i]) >= 0) {
      let value = hexValue(input[i++]);
      if (i < input.length && hexValue(input[i]) >= 0) value = value * 16 + hexValue(input[i++]);
      out[n++] = value;
    } else if (next === 0x30 /* 0 */) {
      let value = 0;
      for (let k = 0; k < 3 && i < input.length && isOctal(input[i]); k++)
        value = value * 8 + input[i++] - 0x30;
      out[n++] = value & 0xff;
    } else {
      out[n++] = next;
    }
  }
  return out.subarray(0, n);
}

/** Convenience for command-line text: UTF-8 in, bytes out. */
export function unescapeText(text: string): Uint8Array {
  return unescapeBytes(new TextEncoder().encode(text));
}
