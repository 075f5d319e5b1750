const HEX = '0123456789abcdef';

/**
 * tcpkali's dump escaping: printable ASCII as is (a backslash doubled), CR as `\r`, LF as `\n`
 * followed by a real line break and a tab so long dumps stay readable, everything else `\xHH`.
 */
export function escapeForDump(data: Uint8Array): string {
  let out = '';
  const last = data.length - 1;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b === 0x5c) out += '\\\\';
    else if (b >= 32 && b <= 126) out += String.fromCharCode(b);
    else if (b === 13) out += '\\r';
    else if (b === 10) out += i === last ? '\\n' : '\\n\n\t';
    else out += `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

/** `Snd(17, 5): [hello]`, with the brackets coloured on a terminal (red out, blue in). */
export function dumpLine(direction: 'Snd' | 'Rcv', fd: number, data: Uint8Array, color: boolean): string {
  // The reset is terminfo's sgr0 for xterm-like terminals, byte for byte what tcpkali emits.
  const paint = direction === 'Snd' ? '\x1b[31m' : '\x1b[34m';
  const open = color ? `${paint}[\x1b(B\x1b[m` : '[';
  const close = color ? `${paint}]\x1b(B\x1b[m` : ']';
  return `${direction}(${fd}, ${data.length}): ${open}${escapeForDump(data)}${close}`;
}
