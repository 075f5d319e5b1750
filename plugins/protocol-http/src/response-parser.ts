import {
  ALL_HEADERS,
  CHUNKED,
  CLOSE,
  CODINGS,
  CONNECTION,
  CONNECTION_OPTIONS,
  CONTENT_LENGTH,
  HEADER_NAMES,
  KEEP_ALIVE,
  matched,
  narrow,
  OTHER,
  TRANSFER_ENCODING,
} from './header-names.js';
import { TCHAR } from './http-tokens.js';

/** What the parser reports; one object per connection, called from inside `feed` and `end`. */
export interface ResponseSink {
  /**
   * A final response arrived whole. `close`: the server closes the connection after it
   * (`Connection: close`, HTTP/1.0 without keep-alive, a body that ends with the connection).
   */
  response(status: number, close: boolean): void;
  /** The bytes are not an HTTP/1.x response; the parser reads no more. `reason` is a constant. */
  malformed(reason: string): void;
}

/** Parser states, small integers compared on every byte. */
const S = {
  /** Before a response: empty lines are skipped. */
  Start: 0,
  /** `HTTP/1.x ` of the status line, `pos` bytes of it read. */
  Version: 1,
  /** The status code's three digits. */
  Code: 2,
  /** The reason phrase, up to the end of the line. */
  Reason: 3,
  /** A CR ended a line: LF must follow, then `afterLf`. */
  LineLf: 4,
  /** Start of a header line, or of the blank line that ends the header section. */
  LineStart: 5,
  Name: 6,
  /** The value of a header that does not matter, skipped to the end of the line. */
  Value: 7,
  /** Content-Length's digits (a list of equal values is allowed). */
  LengthValue: 8,
  /** Transfer-Encoding's codings or Connection's options, a comma-separated list. */
  ListValue: 9,
  ChunkSize: 10,
  /** After a chunk size: white space before the extensions or the end of the line. */
  ChunkSizeEnd: 11,
  /** Chunk extensions, skipped to the end of the line. */
  ChunkExt: 12,
  /** The CRLF after a chunk's data. */
  ChunkDataEnd: 13,
  TrailerLineStart: 14,
  TrailerLine: 15,
  /** Bodies: bytes skipped by count, or until the connection closes. */
  BodyFixed: 16,
  ChunkData: 17,
  BodyUntilClose: 18,
  Stopped: 19,
} as const;

/** Not states: what LineLf leads to when the blank line ends a section. */
const HEAD_DONE = 100;
const TRAILERS_DONE = 101;
const CHUNK_LINE_DONE = 102;

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;

/** `HTTP/1.`: the minor version digit follows. */
const VERSION = Uint8Array.from('HTTP/1.', (c) => c.charCodeAt(0));

/** A header section (or a trailer section, or one chunk-size line) longer than this is refused. */
export const MAX_HEAD = 64 * 1024;
/** Content-Length digits: 10^15 bytes is past anything a test sends and within exact doubles. */
const MAX_LENGTH_DIGITS = 15;
/** Significant hex digits of a chunk size: 16^13 = 2^52, still an exact double. */
const MAX_CHUNK_DIGITS = 13;

/** Hex digit values; -1 for bytes that are not hex digits. */
const HEX: Int8Array = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 10; i++) t[0x30 + i] = i;
  for (let i = 0; i < 6; i++) {
    t[0x41 + i] = 10 + i;
    t[0x61 + i] = 10 + i;
  }
  return t;
})();

/**
 * Incremental HTTP/1.x response parser: a response may be split across reads at any byte and one
 * read may hold many responses. It reads the status line, recognises the few headers that decide
 * where a response ends (Content-Length, Transfer-Encoding, Connection) byte by byte and skips the
 * rest, then skips the body by length, by chunks (extensions and trailers included) or until the
 * connection closes. Interim 1xx responses are skipped; 204, 304 and every response to HEAD have
 * no body. Its state is a few numbers: parsing allocates nothing.
 */
export class ResponseParser {
  private state: number = S.Start;
  /** Where LineLf goes once its LF arrives (a state, or one of the *_DONE actions). */
  private afterLf = 0;
  /** Bytes of the current header section, trailer section or chunk-size line. */
  private headBytes = 0;
  /** Bytes of `HTTP/1.` matched, or digits of the status code read. */
  private pos = 0;
  private status = 0;
  private http10 = false;

  /** The header being read: its kind, and the name candidates still alive while in its name. */
  private kind = OTHER;
  private candidates = 0;
  /** Headers seen so far in this section; obs-fold continues the last one. */
  private headers = 0;

  /** Content-Length: -1 until one arrives. */
  private contentLength = -1;
  private number = 0;
  private digits = 0;
  /** A Content-Length value's digits ended with white space: only a comma or the end may follow. */
  private numberDone = false;

  /** Transfer-Encoding arrived, and whether its last coding is chunked. */
  private transferEncoding = false;
  private chunkedLast = false;
  private connectionClose = false;
  private keepAlive = false;

  /** The list element being read: its phase, length and the candidates still alive. */
  private elementPhase = 0;
  private elementLength = 0;
  private elementCandidates = 0;

  /** Body bytes still to skip (a Content-Length body or the current chunk). */
  private remaining = 0;
  /** The response being skipped ends the connection. */
  private closeAfter = false;

  constructor(
    private readonly sink: ResponseSink,
    /** The requests are HEAD: no response has a body, whatever its headers say. */
    private readonly headRequests = false,
  ) {}

  get stopped(): boolean {
    return this.state === S.Stopped;
  }

  /** Nothing more is read (the connection is closing). */
  stop(): void {
    this.state = S.Stopped;
  }

  /** The connection closed: a body that ends with it is complete; anything else was cut short. */
  end(): void {
    if (this.state === S.BodyUntilClose) this.finish();
    this.state = S.Stopped;
  }

  feed(data: Uint8Array): void {
    const n = data.length;
    let i = 0;
    while (i < n) {
      const state = this.state;
      // Bodies and the text of lines that do not matter are skipped in bulk.
      if (state >= S.BodyFixed) {
        if (state === S.BodyUntilClose) return;
        if (state === S.Stopped) return;
        const take = Math.min(this.remaining, n - i);
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) {
          if (state === S.BodyFixed) this.finish();
          else this.state = S.ChunkDataEnd;
        }
        continue;
      }
      if (state === S.Reason || state === S.Value || state === S.ChunkExt || state === S.TrailerLine) {
        const lf = data.indexOf(LF, i);
        const end = lf < 0 ? n : lf + 1;
        this.headBytes += end - i;
        i = end;
        if (this.headBytes > MAX_HEAD) this.tooLong(state);
        else if (lf >= 0) this.skippedLine(state);
        continue;
      }
      if (++this.headBytes > MAX_HEAD) {
        this.tooLong(state);
        return;
      }
      const b = data[i++];
      switch (state) {
        case S.Start:
          if (b !== CR && b !== LF) this.version(b);
          break;
        case S.Version:
          this.version(b);
          break;
        case S.Code:
          this.code(b);
          break;
        case S.LineLf:
          if (b === LF) this.lineFeed();
          else this.fail('CR without LF');
          break;
        case S.LineStart:
          this.lineStart(b);
          break;
        case S.Name:
          this.name(b);
          break;
        case S.LengthValue:
          this.lengthByte(b);
          break;
        case S.ListValue:
          this.listByte(b);
          break;
        case S.ChunkSize:
          this.chunkSize(b);
          break;
        case S.ChunkSizeEnd:
          if (b === SP || b === HT) break;
          if (b === SEMICOLON) this.state = S.ChunkExt;
          else if (!this.chunkLineEnd(b)) this.fail('bad chunk size');
          break;
        case S.ChunkDataEnd:
          // A CR is optional: some servers end lines with LF alone.
          if (b === LF) this.chunkStart();
          else if (b === CR) this.lineEnd(S.ChunkSize);
          else this.fail('chunk longer than its size');
          break;
        case S.TrailerLineStart:
          if (b === CR) this.lineEnd(TRAILERS_DONE);
          else if (b === LF) this.finish();
          else this.state = S.TrailerLine;
          break;
      }
    }
  }

  /** Reading `HTTP/1.x ` at the start of a response. */
  private version(b: number): void {
    const pos = this.state === S.Start ? 0 : this.pos;
    if (this.state === S.Start) this.startResponse();
    if (pos < VERSION.length) {
      if (b === VERSION[pos]) this.pos = pos + 1;
      else this.fail('bad status line');
    } else if (pos === VERSION.length) {
      this.http10 = b === 0x30;
      if (b >= 0x30 && b <= 0x39) this.pos = pos + 1;
      else this.fail('bad status line');
    } else if (b === SP) {
      this.state = S.Code;
      this.pos = 0;
    } else {
      this.fail('bad status line');
    }
  }

  private startResponse(): void {
    this.state = S.Version;
    // The byte that starts the response has been counted already.
    this.headBytes = 1;
    this.status = 0;
    this.headers = 0;
    this.contentLength = -1;
    this.transferEncoding = false;
    this.chunkedLast = false;
    this.connectionClose = false;
    this.keepAlive = false;
  }

  private code(b: number): void {
    if (this.pos === 3) {
      if (b === SP) this.state = S.Reason;
      else if (b === CR) this.lineEnd(S.LineStart);
      else if (b === LF) this.state = S.LineStart;
      else this.fail('bad status line');
      return;
    }
    if (b < 0x30 || b > 0x39) this.fail('bad status line');
    else if (this.pos === 0 && (b < 0x31 || b > 0x35)) this.fail('bad status code');
    else {
      this.status = this.status * 10 + (b - 0x30);
      this.pos++;
    }
  }

  /** A line skipped to its LF: what comes next. */
  private skippedLine(state: number): void {
    if (state === S.Reason || state === S.Value) this.state = S.LineStart;
    else if (state === S.ChunkExt) this.chunkLineDone();
    else this.state = S.TrailerLineStart;
  }

  /** A CR ended a line; `then` is where its LF leads. */
  private lineEnd(then: number): void {
    this.afterLf = then;
    this.state = S.LineLf;
  }

  private lineFeed(): void {
    const then = this.afterLf;
    if (then === HEAD_DONE) this.headDone();
    else if (then === TRAILERS_DONE) this.finish();
    else if (then === CHUNK_LINE_DONE) this.chunkLineDone();
    else if (then === S.ChunkSize) this.chunkStart();
    else this.state = then;
  }

  private lineStart(b: number): void {
    if (b === CR) {
      this.lineEnd(HEAD_DONE);
    } else if (b === LF) {
      this.headDone();
    } else if (b === SP || b === HT) {
      // obs-fold: the line continues the previous header's value.
      if (this.headers === 0) this.fail('white space before the first header');
      else this.valueStart();
    } else if (TCHAR[b] === 0) {
      this.fail('bad header name');
    } else {
      this.headers++;
      this.pos = 1;
      this.candidates = narrow(ALL_HEADERS, HEADER_NAMES, 0, b);
      this.state = S.Name;
    }
  }

  private name(b: number): void {
    if (b === COLON) {
      const k = matched(this.candidates, HEADER_NAMES, this.pos);
      this.kind = k < 0 ? OTHER : k;
      this.valueStart();
    } else if (TCHAR[b] === 0) {
      this.fail('bad header name');
    } else {
      if (this.candidates !== 0) this.candidates = narrow(this.candidates, HEADER_NAMES, this.pos, b);
      this.pos++;
    }
  }

  private valueStart(): void {
    const kind = this.kind;
    if (kind === OTHER) {
      this.state = S.Value;
      return;
    }
    this.resetNumber();
    this.resetElement();
    this.state = kind === CONTENT_LENGTH ? S.LengthValue : S.ListValue;
  }

  private resetNumber(): void {
    this.number = 0;
    this.digits = 0;
    this.numberDone = false;
  }

  /** Content-Length: digits with optional white space around, or a list of equal values. */
  private lengthByte(b: number): void {
    if (b >= 0x30 && b <= 0x39) {
      if (this.numberDone) this.fail('bad Content-Length');
      else if (++this.digits > MAX_LENGTH_DIGITS) this.fail('Content-Length too large');
      else this.number = this.number * 10 + (b - 0x30);
    } else if (b === SP || b === HT) {
      if (this.digits > 0) this.numberDone = true;
    } else if (b === COMMA) {
      this.lengthValue();
      this.resetNumber();
    } else if (b === CR) {
      if (this.lengthValue()) this.lineEnd(S.LineStart);
    } else if (b === LF) {
      if (this.lengthValue()) this.state = S.LineStart;
    } else {
      this.fail('bad Content-Length');
    }
  }

  /** One Content-Length value ended; false when it is not one (the parser has stopped). */
  private lengthValue(): boolean {
    if (this.digits === 0) {
      this.fail('bad Content-Length');
      return false;
    }
    if (this.contentLength >= 0 && this.contentLength !== this.number) {
      this.fail('conflicting Content-Length values');
      return false;
    }
    this.contentLength = this.number;
    return true;
  }

  private resetElement(): void {
    this.elementPhase = 0;
    this.elementLength = 0;
    this.elementCandidates = this.kind === TRANSFER_ENCODING ? 1 : 0b11;
  }

  /**
   * One byte of a comma-separated list. Element phases: 0 leading white space, 1 the token,
   * 2 white space after it, 3 anything else up to the next comma (parameters, or junk that makes
   * the element match nothing).
   */
  private listByte(b: number): void {
    if (b === COMMA || b === CR || b === LF) {
      this.listElement();
      this.resetElement();
      if (b === CR) this.lineEnd(S.LineStart);
      else if (b === LF) this.state = S.LineStart;
      return;
    }
    const phase = this.elementPhase;
    if (b === SP || b === HT) {
      if (phase === 1) this.elementPhase = 2;
    } else if (b === SEMICOLON) {
      this.elementPhase = 3;
    } else if (phase <= 1) {
      this.elementPhase = 1;
      const names = this.kind === TRANSFER_ENCODING ? CODINGS : CONNECTION_OPTIONS;
      this.elementCandidates = narrow(this.elementCandidates, names, this.elementLength++, b);
    } else if (phase === 2) {
      this.elementCandidates = 0;
      this.elementPhase = 3;
    }
  }

  private listElement(): void {
    if (this.elementPhase === 0) return; // empty list elements do not count
    const length = this.elementLength;
    if (this.kind === TRANSFER_ENCODING) {
      this.transferEncoding = true;
      this.chunkedLast = matched(this.elementCandidates, CODINGS, length) === CHUNKED;
    } else if (this.kind === CONNECTION) {
      const option = matched(this.elementCandidates, CONNECTION_OPTIONS, length);
      if (option === CLOSE) this.connectionClose = true;
      else if (option === KEEP_ALIVE) this.keepAlive = true;
    }
  }

  /** The blank line after the headers: where the body ends decides what comes next. */
  private headDone(): void {
    const status = this.status;
    if (status < 200 && status !== 101) {
      // Interim (100 Continue, 103 Early Hints): the final response follows.
      this.state = S.Start;
      return;
    }
    this.closeAfter = this.http10 ? !this.keepAlive : this.connectionClose;
    if (status === 101) {
      // Switching protocols: whatever follows is not HTTP any more, and not read.
      this.closeAfter = true;
      this.finish();
      this.state = S.Stopped;
    } else if (this.headRequests || status === 204 || status === 304) {
      this.finish();
    } else if (this.transferEncoding) {
      // Chunked must be the last coding; otherwise only the end of the connection ends the body.
      if (this.chunkedLast) this.chunkStart();
      else this.untilClose();
    } else if (this.contentLength > 0) {
      this.remaining = this.contentLength;
      this.state = S.BodyFixed;
    } else if (this.contentLength === 0) {
      this.finish();
    } else {
      this.untilClose();
    }
  }

  private untilClose(): void {
    this.closeAfter = true;
    this.state = S.BodyUntilClose;
  }

  private chunkStart(): void {
    this.state = S.ChunkSize;
    this.headBytes = 0;
    this.number = 0;
    this.digits = 0;
    this.pos = 0;
  }

  /** Hex digits of a chunk size; `pos` counts every digit, `digits` the significant ones. */
  private chunkSize(b: number): void {
    const h = HEX[b];
    if (h >= 0) {
      this.pos++;
      if (this.number === 0 && h === 0) return;
      this.number = this.number * 16 + h;
      if (++this.digits > MAX_CHUNK_DIGITS) this.fail('chunk too large');
      return;
    }
    if (this.pos === 0) this.fail('bad chunk size');
    else if (b === SP || b === HT) this.state = S.ChunkSizeEnd;
    else if (b === SEMICOLON) this.state = S.ChunkExt;
    else if (!this.chunkLineEnd(b)) this.fail('bad chunk size');
  }

  /** A CR or LF that ends a chunk-size line; false for any other byte. */
  private chunkLineEnd(b: number): boolean {
    if (b === CR) this.lineEnd(CHUNK_LINE_DONE);
    else if (b === LF) this.chunkLineDone();
    else return false;
    return true;
  }

  private chunkLineDone(): void {
    if (this.number === 0) {
      // The last chunk: trailer fields, then a blank line.
      this.headBytes = 0;
      this.state = S.TrailerLineStart;
    } else {
      this.remaining = this.number;
      this.state = S.ChunkData;
    }
  }

  /** The response is whole: report it and wait for the next one. */
  private finish(): void {
    this.state = S.Start;
    this.headBytes = 0;
    this.sink.response(this.status, this.closeAfter);
  }

  private tooLong(state: number): void {
    if (state >= S.TrailerLineStart) this.fail('trailer section over 64 KiB');
    else if (state >= S.ChunkSize) this.fail('chunk-size line over 64 KiB');
    else this.fail('header section over 64 KiB');
  }

  private fail(reason: string): void {
    if (this.state === S.Stopped) return;
    this.state = S.Stopped;
    this.sink.malformed(reason);
  }
}
