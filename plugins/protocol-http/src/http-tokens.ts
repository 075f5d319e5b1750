/**
 * RFC 9110's token characters (`tchar`), what methods and header names are made of, as a table
 * the response parser reads once per header-name byte.
 */
export const TCHAR: Uint8Array = (() => {
  const table = new Uint8Array(256);
  const mark = (from: number, to: number) => table.fill(1, from, to + 1);
  mark(0x30, 0x39);
  mark(0x41, 0x5a);
  mark(0x61, 0x7a);
  for (const c of "!#$%&'*+-.^_`|~") table[c.charCodeAt(0)] = 1;
  return table;
})();

/** What a token may hold, for messages. */
export const TOKEN_CHARS = "letters, digits and !#$%&'*+-.^_`|~";

export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff || TCHAR[c] === 0) return false;
  }
  return true;
}
