import type { Part } from './ast.js';
import type { Reporter } from './errors.js';
import { FIN, OPCODES, RSV1, RSV2, RSV3 } from './frame.js';
import { Lexer, type Token } from './lexer.js';
import { MAX_MESSAGE, MAX_NESTING } from './limits.js';
import type { Generator } from './regex-generator.js';
import { parseRegex } from './regex-parser.js';

export interface ParseOptions {
  /** Applied to literal text when `-e` preceded the argument. */
  unescapeText?: (bytes: Uint8Array) => Uint8Array;
  /** Applied to every quoted string, `-e` or not (tcpkali does the same). */
  unescapeQuoted: (bytes: Uint8Array) => Uint8Array;
  readFile: (name: string) => Uint8Array;
}

const EXPECTED_EXPRESSION =
  'connection.uid, connection.ptr, message.marker, re, connection.re, global.re, raw, ws.*, <file>';
const EXPECTED_FRAME = 'ws.text, ws.binary, ws.close, ws.ping, ws.pong, ws.cont, ws.continuation';
const FLAGS: ReadonlyMap<string, number> = new Map([
  ['rsv1', RSV1],
  ['rsv2', RSV2],
  ['rsv3', RSV3],
]);
const SAFE = Number.MAX_SAFE_INTEGER;

const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;

/** Splits a source into literal text and `\{…}` expressions; a backslash is literal unless `{` follows. */
export function parse(src: Uint8Array, report: Reporter, options: ParseOptions): Part[] {
  const parts: Part[] = [];
  const literal = (from: number, to: number) => {
    if (to <= from) return;
    const bytes = src.subarray(from, to);
    parts.push({ kind: 'text', bytes: options.unescapeText ? options.unescapeText(bytes) : bytes });
  };
  const budget: FileBudget = { bytes: 0 };
  let textStart = 0;
  let i = 0;
  while (i < src.length) {
    if (src[i] !== BACKSLASH || src[i + 1] !== OPEN_BRACE) {
      i++;
      continue;
    }
    literal(textStart, i);
    const parser = new ExpressionParser(new Lexer(src, i + 2, report), options, budget);
    parts.push(parser.expression(i));
    parser.close(i);
    i = textStart = parser.lx.pos;
  }
  literal(textStart, src.length);
  return parts;
}

/** Every file piece ends up in the message, so together they may hold no more than one message. */
interface FileBudget {
  bytes: number;
}

class ExpressionParser {
  /** `{` levels inside this `\{…}`; each one is a level of recursion. */
  private depth = 0;

  constructor(
    readonly lx: Lexer,
    private readonly options: ParseOptions,
    private readonly budget: FileBudget,
  ) {}

  private get report(): Reporter {
    return this.lx.report;
  }

  /** `openAt` is where the enclosing `\{` or `{` starts, for "unterminated" messages. */
  expression(openAt: number): Part {
    const token = this.lx.next();
    if (token.kind === 'file') return { kind: 'text', bytes: this.file(token) };
    if (token.kind === 'close') this.report.fail(token.start, 'empty expression', EXPECTED_EXPRESSION);
    if (token.kind !== 'word') this.unexpected(token, openAt, EXPECTED_EXPRESSION);
    const name = this.lx.text(token);
    let part: Part;
    switch (name) {
      case 'connection.uid':
      case 'connection.ptr':
        return this.counter(name === 'connection.uid' ? 'uid' : 'ptr');
      case 'message.marker':
        part = { kind: 'marker' };
        break;
      case 're':
        part = { kind: 'random', scope: 'message', generator: this.regex(token) };
        break;
      case 'connection.re':
        part = { kind: 'random', scope: 'connection', generator: this.regex(token) };
        break;
      case 'global.re':
        part = { kind: 'random', scope: 'global', generator: this.regex(token) };
        break;
      case 'raw':
        part = this.raw(openAt);
        break;
      default:
        if (!name.startsWith('ws.'))
          return this.report.fail(
            token.start,
            `unknown expression "${this.report.excerpt(token.start, token.end)}"`,
            EXPECTED_EXPRESSION,
          );
        part = this.frame(token, name);
    }
    const after = this.lx.peek();
    if (after.kind === 'percent')
      this.report.fail(after.start, `"%" applies only to connection.uid and connection.ptr, not to ${name}`);
    return part;
  }

  /** Expects the `}` that ends the expression opened at `openAt`. */
  close(openAt: number): void {
    const token = this.lx.next();
    if (token.kind !== 'close') this.unexpected(token, openAt, '"}"');
  }

  private counter(which: 'uid' | 'ptr'): Part {
    const moduli: number[] = [];
    while (this.lx.peek().kind === 'percent') {
      this.lx.next();
      const token = this.lx.next();
      const text = this.lx.text(token);
      if (token.kind !== 'integer') this.unexpected(token, token.start, 'a whole number after "%"');
      const value = Number(text);
      if (value === 0) this.report.fail(token.start, 'modulo by zero');
      if (value > SAFE) this.report.fail(token.start, `modulus ${text} is too large`);
      moduli.push(value);
    }
    return { kind: 'counter', which, moduli };
  }

  private raw(openAt: number): Part {
    const token = this.lx.next();
    switch (token.kind) {
      case 'quoted':
        return { kind: 'raw', parts: [{ kind: 'text', bytes: this.options.unescapeQuoted(token.value) }] };
      case 'file':
        return { kind: 'raw', parts: [{ kind: 'text', bytes: this.file(token) }] };
      case 'open': {
        if (++this.depth > MAX_NESTING)
          this.report.fail(token.start, `expressions nested more than ${MAX_NESTING} deep`);
        const inner = this.expression(token.start);
        this.close(token.start);
        this.depth--;
        return { kind: 'raw', parts: [inner] };
      }
      default:
        return this.unexpected(token, openAt, 'a "quoted string", <file> or {expression} after raw');
    }
  }

  /** `ws.OP` payload pieces, then flags; tcpkali refuses flags before the payload and so do we. */
  private frame(token: Token, name: string): Part {
    const opcode = OPCODES.get(name);
    if (opcode === undefined)
      return this.report.fail(
        token.start,
        `unknown WebSocket frame type "${this.report.excerpt(token.start, token.end)}"`,
        EXPECTED_FRAME,
      );
    const pieces: Uint8Array[] = [];
    for (let next = this.lx.peek(); next.kind === 'quoted' || next.kind === 'file'; next = this.lx.peek()) {
      this.lx.next();
      pieces.push(next.kind === 'quoted' ? this.options.unescapeQuoted(next.value) : this.file(next));
    }
    let first = FIN | opcode;
    for (;;) {
      const next = this.lx.peek();
      const flag = next.kind === 'word' ? FLAGS.get(this.lx.text(next)) : undefined;
      if (next.kind === 'ellipsis') first &= ~FIN;
      else if (flag !== undefined) first |= flag;
      else if (next.kind === 'quoted' || next.kind === 'file')
        this.report.fail(
          next.start,
          `${next.kind === 'quoted' ? 'quoted string' : 'file'} ${this.report.excerpt(next.start, next.end)} after the flags of ${name}`,
          'the payload before ..., rsv1, rsv2 and rsv3',
        );
      else break;
      this.lx.next();
    }
    return { kind: 'frame', first, payload: Buffer.concat(pieces) };
  }

  private file(token: Token): Uint8Array {
    const raw = token.quoted ? this.options.unescapeQuoted(token.value) : token.value;
    const name = Buffer.from(raw).toString('utf8');
    if (name === '') this.report.fail(token.start, 'empty file name');
    const bytes = this.options.readFile(name);
    this.budget.bytes += bytes.length;
    if (this.budget.bytes > MAX_MESSAGE)
      this.report.fail(
        token.start,
        `files add up to more than the ${MAX_MESSAGE} bytes one message may hold`,
      );
    return bytes;
  }

  /**
   * A global or per-connection pattern is generated while compiling, before the message size is
   * checked, into a buffer of its longest length: refuse an impossible length here, where the
   * position is known, rather than fail to allocate it.
   */
  private regex(token: Token): Generator {
    const generator = parseRegex(this.lx);
    if (generator.max > MAX_MESSAGE) {
      const reach = Number.isSafeInteger(generator.max) ? `${generator.max}` : `more than ${MAX_MESSAGE}`;
      this.report.fail(
        token.start,
        `one message may reach ${reach} bytes, more than the ${MAX_MESSAGE} kali allows`,
      );
    }
    return generator;
  }

  private unexpected(token: Token, openAt: number, expected: string): never {
    if (token.kind === 'end') this.report.fail(openAt, 'unterminated expression starting', '"}"');
    const what =
      token.kind === 'close'
        ? '"}"'
        : token.kind === 'quoted'
          ? `quoted string ${this.report.excerpt(token.start, token.end)}`
          : `"${this.report.excerpt(token.start, token.end)}"`;
    return this.report.fail(token.start, `unexpected ${what}`, expected);
  }
}
