import type { Reporter } from './errors.js';

/**
 * Tokens inside `\{ … }`. The regular-expression forms read their pattern byte by byte from the
 * same cursor (their syntax differs: `{n,m}` and `[a-z]` mean something else there), so the lexer
 * exposes its position and produces tokens only when asked.
 */
export type TokenKind =
  | 'word' // connection.uid, ws.text, rsv1…
  | 'integer'
  | 'quoted' // "…", content still escaped
  | 'file' // <name> or <"name">
  | 'percent'
  | 'open' // {
  | 'close' // }
  | 'ellipsis' // ...
  | 'end' // the source ended inside the expression
  | 'unexpected';

export interface Token {
  kind: TokenKind;
  /** Byte offsets of the whole token in the source. */
  start: number;
  end: number;
  /** Inner bytes: a quoted string without its quotes, a file name without `<` `>`. */
  value: Uint8Array;
  /** For quoted file names: the name still needs unescaping. */
  quoted: boolean;
}

const isSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;
const isWordStart = (b: number): boolean =>
  (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x5f;
const isWordPart = (b: number): boolean => isWordStart(b) || isDigit(b);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DOT = 0x2e;

export class Lexer {
  pos: number;

  constructor(
    readonly src: Uint8Array,
    start: number,
    readonly report: Reporter,
  ) {
    this.pos = start;
  }

  /** The current byte, or -1 at the end of the source. */
  peekByte(): number {
    return this.pos < this.src.length ? this.src[this.pos] : -1;
  }

  skipSpace(): void {
    while (this.pos < this.src.length && isSpace(this.src[this.pos])) this.pos++;
  }

  peek(): Token {
    const saved = this.pos;
    const token = this.next();
    this.pos = saved;
    return token;
  }

  next(): Token {
    this.skipSpace();
    const start = this.pos;
    const b = this.peekByte();
    if (b < 0) return this.token('end', start);
    if (isWordStart(b)) return this.word(start);
    if (isDigit(b)) {
      while (isDigit(this.peekByte())) this.pos++;
      return this.token('integer', start);
    }
    this.pos++;
    switch (b) {
      case 0x25:
        return this.token('percent', start);
      case 0x7b:
        return this.token('open', start);
      case 0x7d:
        return this.token('close', start);
      case QUOTE:
        return this.quoted(start);
      case 0x3c:
        return this.file(start);
      case DOT:
        if (this.src[this.pos] === DOT && this.src[this.pos + 1] === DOT) {
          this.pos += 2;
          return this.token('ellipsis', start);
        }
    }
    return this.token('unexpected', start);
  }

  /** Dotted names; a trailing `...` is left alone so that `ws.text...` still reads as two tokens. */
  private word(start: number): Token {
    for (;;) {
      while (isWordPart(this.peekByte())) this.pos++;
      if (this.peekByte() === DOT && isWordStart(this.src[this.pos + 1] ?? -1)) this.pos++;
      else break;
    }
    return this.token('word', start);
  }

  /** A backslash protects the next byte, so `\"` does not end the string; unescaping comes later. */
  private quoted(start: number): Token {
    const from = this.pos;
    while (this.pos < this.src.length && this.src[this.pos] !== QUOTE) {
      this.pos += this.src[this.pos] === BACKSLASH ? 2 : 1;
    }
    if (this.pos >= this.src.length) this.report.fail(start, 'unterminated quoted string');
    const token = this.token('quoted', start, this.src.subarray(from, this.pos));
    this.pos++;
    token.end = this.pos;
    return token;
  }

  private file(start: number): Token {
    this.skipSpace();
    if (this.peekByte() === QUOTE) {
      const name = this.quoted(this.pos++);
      this.skipSpace();
      if (this.peekByte() !== 0x3e) this.report.fail(this.pos, 'unterminated file name', '">"');
      this.pos++;
      return { ...name, kind: 'file', start, end: this.pos, quoted: true };
    }
    const from = this.pos;
    while (this.pos < this.src.length && this.src[this.pos] !== 0x3e) this.pos++;
    if (this.pos >= this.src.length) this.report.fail(start, 'unterminated file name', '">"');
    if (this.pos === from) this.report.fail(this.pos, 'empty file name');
    // `< name >` reads "name", as in tcpkali; a name that really ends in a space needs quotes.
    let to = this.pos;
    while (isSpace(this.src[to - 1])) to--;
    const token = this.token('file', start, this.src.subarray(from, to));
    this.pos++;
    token.end = this.pos;
    return token;
  }

  private token(kind: TokenKind, start: number, value?: Uint8Array): Token {
    return {
      kind,
      start,
      end: this.pos,
      value: value ?? this.src.subarray(start, this.pos),
      quoted: false,
    };
  }

  /** The token's source text for messages and keyword comparisons. */
  text(token: Token): string {
    return Buffer.from(this.src.subarray(token.start, token.end)).toString('latin1');
  }
}
