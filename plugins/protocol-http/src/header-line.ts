import { isToken, TOKEN_CHARS } from './http-tokens.js';

/**
 * Headers kali writes itself from the body (`Content-Length`) or cannot honour (a chunked request
 * body): an `-H` naming them would make the request's length ambiguous.
 */
const KALI_OWNS: Readonly<Record<string, string>> = {
  'content-length': 'kali sets Content-Length from each body (-m)',
  'transfer-encoding': 'kali sends bodies with Content-Length, not Transfer-Encoding',
};

/** The lower-case name of an `-H 'Name: value'` argument as typed (a valid one: see headerProblem). */
export function headerName(text: string): string {
  return text.slice(0, text.indexOf(':')).toLowerCase();
}

/**
 * Why `-H text` cannot be a request header line, or undefined. The name must be literal; the
 * value may hold expressions, which the content plugins check.
 */
export function headerProblem(text: string): string | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return 'a header is "Name: value", and this has no colon';
  if (colon === 0) return 'the header name is empty';
  const name = text.slice(0, colon);
  if (!isToken(name))
    return `the header name must be a token (${TOKEN_CHARS}), with no space before the colon`;
  if (/[\r\n\0]/.test(text)) return 'a header must not contain CR, LF or NUL';
  return KALI_OWNS[name.toLowerCase()];
}

/** Why rendered header bytes (after -e's escapes) cannot be sent, or undefined. */
export function headerBytesProblem(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0x0d) || bytes.includes(0x0a) || bytes.includes(0))
    return 'a header must not contain CR, LF or NUL';
  return undefined;
}
