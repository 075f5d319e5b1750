/**
 * One argument of a command as typed: literal bytes (quotes and escapes already resolved) and
 * `\{…}` expressions, which kali's content plugins evaluate per connection or per request.
 */
export type ArgPart = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'expression'; source: string };

export type ArgSyntax = ArgPart[];

/** The command text is not a command; the message says why, without naming the option. */
export class InlineSyntaxError extends Error {
  override name = 'InlineSyntaxError';
}

const BACKSLASH = 0x5c;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const OPEN = 0x7b;
const CLOSE = 0x7d;

/** What redis-cli's sdssplitargs takes for a separator. */
const isSpace = (b: number): boolean => b === 0x20 || (b >= 0x09 && b <= 0x0d);
const hexValue = (b: number): number =>
  b >= 0x30 && b <= 0x39
    ? b - 0x30
    : b >= 0x61 && b <= 0x66
      ? b - 0x57
      : b >= 0x41 && b <= 0x46
        ? b - 0x37
        : -1;

/** Single-letter escapes inside double quotes, as redis-cli reads them. */
const ESCAPES: Readonly<Record<number, number>> = { 110: 0x0a, 114: 0x0d, 116: 0x09, 98: 0x08, 97: 0x07 };

/**
 * Splits one command written in Redis's inline syntax (what redis-cli accepts): arguments
 * separated by white space; double quotes allow `\n`, `\r`, `\t`, `\b`, `\a`, `\xHH` and `\"`;
 * single quotes are literal except for `\'`; a closing quote must end the argument. On top of
 * that, `\{…}` outside single quotes is a kali expression, kept whole for the content plugins
 * (a redis-cli user would write `\{` inside double quotes only to mean `{`, which is rare).
 */
export function splitCommand(text: string): ArgSyntax[] {
  const src = Buffer.from(text, 'utf8');
  const n = src.length;
  const args: ArgSyntax[] = [];
  let i = 0;
  for (;;) {
    while (i < n && isSpace(src[i])) i++;
    if (i >= n) break;
    const arg = new ArgBuilder();
    let quote = 0;
    for (;;) {
      if (i >= n) {
        if (quote === DQUOTE) throw new InlineSyntaxError('unterminated double quote');
        if (quote === SQUOTE) throw new InlineSyntaxError('unterminated single quote');
        break;
      }
      const c = src[i];
      const next = i + 1 < n ? src[i + 1] : -1;
      if (quote !== SQUOTE && c === BACKSLASH && next === OPEN) {
        const end = expressionEnd(src, i);
        arg.expression(src.subarray(i, end).toString('utf8'));
        i = end;
      } else if (quote === DQUOTE) {
        if (
          c === BACKSLASH &&
          next === 0x78 &&
          hexValue(src[i + 2] ?? -1) >= 0 &&
          hexValue(src[i + 3] ?? -1) >= 0
        ) {
          arg.byte(hexValue(src[i + 2]) * 16 + hexValue(src[i + 3]));
          i += 4;
        } else if (c === BACKSLASH && next >= 0) {
          arg.byte(ESCAPES[next] ?? next);
          i += 2;
        } else if (c === DQUOTE) {
          i = closeQuote(src, i, 'double');
          quote = 0;
          break;
        } else {
          arg.byte(c);
          i++;
        }
      } else if (quote === SQUOTE) {
        if (c === BACKSLASH && next === SQUOTE) {
          arg.byte(SQUOTE);
          i += 2;
        } else if (c === SQUOTE) {
          i = closeQuote(src, i, 'single');
          quote = 0;
          break;
        } else {
          arg.byte(c);
          i++;
        }
      } else if (isSpace(c)) {
        break;
      } else if (c === DQUOTE || c === SQUOTE) {
        quote = c;
        i++;
      } else {
        arg.byte(c);
        i++;
      }
    }
    args.push(arg.finish());
  }
  if (args.length === 0) throw new InlineSyntaxError('empty command');
  return args;
}

/** redis-cli refuses `"a"b`: what follows a closing quote must be a separator or the end. */
function closeQuote(src: Uint8Array, at: number, which: string): number {
  const after = at + 1;
  if (after < src.length && !isSpace(src[after]))
    throw new InlineSyntaxError(`a closing ${which} quote must be followed by a space`);
  return after;
}

/**
 * Where the expression starting at `start` (its backslash) ends: after the `}` that balances its
 * `{`. Braces inside double-quoted strings and `[…]` classes, and escaped bytes, do not count,
 * so `\{re [a-z]{5}}` and `\{re "}"}` are read whole. The content plugin then parses it properly.
 */
function expressionEnd(src: Uint8Array, start: number): number {
  let depth = 0;
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === BACKSLASH) i += 2;
    else if (c === DQUOTE) i = skipPast(src, i + 1, DQUOTE);
    else if (c === 0x5b) i = skipPast(src, i + 1, 0x5d);
    else {
      if (c === OPEN) depth++;
      else if (c === CLOSE && --depth === 0) return i + 1;
      i++;
    }
  }
  throw new InlineSyntaxError('unterminated \\{ expression');
}

function skipPast(src: Uint8Array, i: number, close: number): number {
  while (i < src.length && src[i] !== close) i += src[i] === BACKSLASH ? 2 : 1;
  return i + 1;
}

/** Collects an argument's bytes, cutting them into parts around expressions. */
class ArgBuilder {
  private readonly parts: ArgPart[] = [];
  private pending: number[] = [];

  byte(b: number): void {
    this.pending.push(b);
  }

  expression(source: string): void {
    this.flush();
    this.parts.push({ kind: 'expression', source });
  }

  finish(): ArgSyntax {
    this.flush();
    return this.parts;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.parts.push({ kind: 'bytes', bytes: Uint8Array.from(this.pending) });
    this.pending = [];
  }
}
