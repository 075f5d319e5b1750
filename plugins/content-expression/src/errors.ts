/**
 * Every problem with an expression ends the run with exit status 1 (as in tcpkali) and one line
 * that names the option, quotes the value and points at the character where reading stopped.
 */
export class ExpressionError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** Builds position-aware errors for one source. */
export class Reporter {
  constructor(
    private readonly option: string,
    private readonly origin: string,
    private readonly bytes: Uint8Array,
  ) {}

  /** Throws; `offset` is a byte offset into the source, reported as a 1-based character number. */
  fail(offset: number, problem: string, expected?: string): never {
    const where = `at character ${characterNumber(this.bytes, offset)}`;
    const hint = expected === undefined ? '' : ` (expected ${expected})`;
    throw new ExpressionError(`${optionValue(this.option, this.origin)}: ${problem} ${where}${hint}`);
  }

  /** The bytes between two offsets as they may appear inside the one-line message. */
  excerpt(start: number, end: number): string {
    const text = Buffer.from(this.bytes.subarray(start, end)).toString('utf8');
    return printable(text.length > 40 ? `${text.slice(0, 40)}...` : text);
  }
}

/** Longer values are cut: the position says where to look, and a line of 20 KB helps nobody. */
const SHOWN_VALUE = 80;

/** `--option='value'` as error messages start, on one line and of reasonable length. */
export function optionValue(option: string, origin: string): string {
  const chars = [...origin];
  const shown = chars.length > SHOWN_VALUE ? `${chars.slice(0, SHOWN_VALUE).join('')}...` : origin;
  return `--${option}='${printable(shown)}'`;
}

/** Offsets count bytes, people count characters: skip UTF-8 continuation bytes. */
function characterNumber(bytes: Uint8Array, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if ((bytes[i] & 0xc0) !== 0x80) n++;
  }
  return n;
}

/** Keeps the message on one line whatever the value holds. */
export function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0))
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}
