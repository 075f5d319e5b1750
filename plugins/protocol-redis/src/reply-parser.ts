/** What the parser reports; one object per connection, called from inside `feed`. */
export interface ReplySink {
  /** One whole top-level reply arrived; `error` when it is an error reply (`-ERR …`). */
  reply(error: boolean): void;
  /** The stream is not RESP2; the parser stops reading. `reason` is a constant string. */
  malformed(reason: string): void;
}

/** Parser states, as small integers compared on every byte. */
const S = {
  Type: 0,
  /** Inside a `+` or `-` line. */
  Line: 1,
  /** A CR ended a line: LF must follow. */
  LineLf: 2,
  /** First byte of the number after `:`, `$` or `*`: `-` or a digit. */
  NumberStart: 3,
  Number: 4,
  NumberLf: 5,
  /** Inside a bulk string's payload. */
  Bulk: 6,
  BulkCr: 7,
  BulkLf: 8,
  Stopped: 9,
} as const;

const CR = 0x0d;
const LF = 0x0a;
const MINUS = 0x2d;

/** Redis's own limits (proto-max-bulk-len is 512 MB); anything longer is not a reply. */
const MAX_BULK = 512 * 1024 * 1024;
const MAX_ARRAY = 2 ** 31 - 1;
/** An integer reply is a signed 64-bit number: at most 19 digits. */
const MAX_INTEGER_DIGITS = 19;
/** Replies nest a few levels (COMMAND, XREAD); this bounds what a broken peer can make us hold. */
const MAX_DEPTH = 1024;

/** Longest error text kept for messages. */
export const ERROR_TEXT_MAX = 160;

/**
 * Incremental RESP2 reply parser: a reply may be split across reads at any byte, and one read may
 * hold many replies. Its state is a few integers and an array-depth stack in a typed array (it
 * grows only when a reply nests deeper than any before), so parsing allocates nothing per reply.
 */
export class ReplyParser {
  private state: number = S.Type;
  /** Type byte of the number being read (`:`, `$`, `*`), its sign, value and digit count. */
  private numberType = 0;
  private negative = false;
  private value = 0;
  private digits = 0;
  /** Payload bytes of the current bulk string still to come. */
  private remaining = 0;
  /** Elements still expected at each open array level, outermost first. */
  private pending = new Int32Array(8);
  private depth = 0;
  /** The top-level reply is an error reply. */
  private topError = false;
  /** Start of the current top-level error's text, when kept (see `errorText`). */
  private readonly errorBuf: Uint8Array | null;
  private errorLen = 0;

  constructor(
    private readonly sink: ReplySink,
    /** Keep the text of error replies (the first `ERROR_TEXT_MAX` bytes) for messages. */
    keepErrors = false,
  ) {
    this.errorBuf = keepErrors ? new Uint8Array(ERROR_TEXT_MAX) : null;
  }

  /** The last top-level error reply's text (without `-`), when kept; read it inside `reply()`. */
  errorText(): string {
    if (this.errorBuf === null) return '';
    return Buffer.from(this.errorBuf.buffer, this.errorBuf.byteOffset, this.errorLen).toString('latin1');
  }

  get stopped(): boolean {
    return this.state === S.Stopped;
  }

  /** Nothing more is read (the connection is closing). */
  stop(): void {
    this.state = S.Stopped;
  }

  feed(data: Uint8Array): void {
    const n = data.length;
    let i = 0;
    while (i < n) {
      const state = this.state;
      if (state === S.Bulk) {
        const take = Math.min(this.remaining, n - i);
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.state = S.BulkCr;
        continue;
      }
      const b = data[i++];
      switch (state) {
        case S.Type:
          this.type(b);
          break;
        case S.Line:
          if (b === CR) this.state = S.LineLf;
          else if (b === LF) this.fail('LF without CR in a status line');
          else if (this.topError && this.depth === 0) this.keepError(b);
          break;
        case S.LineLf:
          if (b === LF) this.elementDone();
          else this.fail('CR without LF in a status line');
          break;
        case S.NumberStart:
          if (b === MINUS) {
            this.negative = true;
            this.state = S.Number;
          } else {
            this.state = S.Number;
            this.digit(b);
          }
          break;
        case S.Number:
          this.digit(b);
          break;
        case S.NumberLf:
          if (b === LF) this.numberDone();
          else this.fail('CR without LF after a number');
          break;
        case S.BulkCr:
          if (b === CR) this.state = S.BulkLf;
          else this.fail('bulk string longer than its length');
          break;
        case S.BulkLf:
          if (b === LF) this.elementDone();
          else this.fail('bulk string longer than its length');
          break;
        default:
          return;
      }
    }
  }

  private type(b: number): void {
    if (this.depth === 0) {
      this.topError = b === MINUS;
      this.errorLen = 0;
    }
    switch (b) {
      case 0x2b: // + simple string
      case MINUS: // - error
        this.state = S.Line;
        return;
      case 0x3a: // : integer
      case 0x24: // $ bulk string
      case 0x2a: // * array
        this.numberType = b;
        this.negative = false;
        this.value = 0;
        this.digits = 0;
        this.state = S.NumberStart;
        return;
      default:
        this.fail('unknown reply type byte');
    }
  }

  private digit(b: number): void {
    if (b === CR) {
      if (this.digits === 0) this.fail('number without digits');
      else this.state = S.NumberLf;
    } else if (b < 0x30 || b > 0x39) {
      this.fail('bad byte in a number');
    } else {
      this.value = this.value * 10 + (b - 0x30);
      if (++this.digits > MAX_INTEGER_DIGITS) this.fail('number too long');
    }
  }

  /** A number line ended: an integer reply is complete; a length opens a bulk string or an array. */
  private numberDone(): void {
    const type = this.numberType;
    const value = this.negative ? -this.value : this.value;
    if (type === 0x3a || value === -1 || (value === 0 && type === 0x2a)) this.elementDone();
    else if (value < 0) this.fail('negative length');
    else if (type === 0x24) this.bulkStart(value);
    else this.arrayStart(value);
  }

  private bulkStart(length: number): void {
    if (length > MAX_BULK) {
      this.fail('bulk string too long');
      return;
    }
    this.remaining = length;
    this.state = length > 0 ? S.Bulk : S.BulkCr;
  }

  private arrayStart(count: number): void {
    if (count > MAX_ARRAY) {
      this.fail('array too long');
      return;
    }
    if (this.depth === this.pending.length) {
      if (this.depth === MAX_DEPTH) {
        this.fail('arrays nested too deep');
        return;
      }
      const grown = new Int32Array(this.depth * 2);
      grown.set(this.pending);
      this.pending = grown;
    }
    this.pending[this.depth++] = count;
    this.state = S.Type;
  }

  /** One value is complete: close the arrays it completes; a finished top level is a reply. */
  private elementDone(): void {
    this.state = S.Type;
    const pending = this.pending;
    while (this.depth > 0) {
      if (--pending[this.depth - 1] > 0) return;
      this.depth--;
    }
    this.sink.reply(this.topError);
  }

  private keepError(b: number): void {
    const buf = this.errorBuf;
    if (buf !== null && this.errorLen < buf.length) buf[this.errorLen++] = b;
  }

  private fail(reason: string): void {
    if (this.state === S.Stopped) return;
    this.state = S.Stopped;
    this.sink.malformed(reason);
  }
}
