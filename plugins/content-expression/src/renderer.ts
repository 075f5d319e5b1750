import type { MessageRenderer } from 'kali';
import { headerLength, writeHeader } from './frame.js';
import type { Random } from './random.js';
import type { Generator } from './regex-generator.js';

/**
 * The per-message program of one bound connection. Everything that can be known at bind time is
 * already bytes; what is left writes straight into the caller's buffer.
 */
export interface Op {
  write(out: Uint8Array, pos: number, nowMicros: number): number;
}

/** Below this size a byte loop beats `TypedArray.set`, whose call overhead dominates. */
const SHORT_COPY = 32;

export class StaticOp implements Op {
  constructor(readonly bytes: Uint8Array) {}
  write(out: Uint8Array, pos: number): number {
    const bytes = this.bytes;
    const n = bytes.length;
    if (n > SHORT_COPY) out.set(bytes, pos);
    else for (let i = 0; i < n; i++) out[pos + i] = bytes[i];
    return pos + n;
  }
}

export class RandomOp implements Op {
  constructor(
    private readonly generator: Generator,
    private readonly random: Random,
  ) {}
  write(out: Uint8Array, pos: number): number {
    return this.generator.generate(out, pos, this.random);
  }
}

const MARKER_PREFIX = Buffer.from('TCPKaliMsgTS-', 'latin1');
const HEX = Buffer.from('0123456789abcdef', 'latin1');
export const MARKER_LENGTH = MARKER_PREFIX.length + 16 + 1;

/** `TCPKaliMsgTS-` + 16 lowercase hex digits of the send time in µs + `.` (30 bytes). */
export class MarkerOp implements Op {
  write(out: Uint8Array, pos: number, nowMicros: number): number {
    for (let i = 0; i < MARKER_PREFIX.length; i++) out[pos++] = MARKER_PREFIX[i];
    const micros = Math.floor(nowMicros);
    // 64-bit value, written as two 32-bit halves: bit operators only reach 32 bits.
    const high = Math.floor(micros / 4294967296) >>> 0;
    const low = micros >>> 0;
    for (let shift = 28; shift >= 0; shift -= 4) out[pos++] = HEX[(high >>> shift) & 0xf];
    for (let shift = 28; shift >= 0; shift -= 4) out[pos++] = HEX[(low >>> shift) & 0xf];
    out[pos++] = 0x2e;
    return pos;
  }
}

/**
 * A frame whose payload is only known per message. The payload is rendered after room for the
 * longest header it may need; when the actual header is shorter the payload moves back in place.
 */
export class FrameOp implements Op {
  private readonly reserve: number;
  constructor(
    private readonly first: number,
    private readonly masked: boolean,
    private readonly inner: readonly Op[],
    maxPayload: number,
  ) {
    this.reserve = headerLength(maxPayload, masked);
  }
  write(out: Uint8Array, pos: number, nowMicros: number): number {
    const start = pos + this.reserve;
    let end = start;
    const inner = this.inner;
    for (let i = 0; i < inner.length; i++) end = inner[i].write(out, end, nowMicros);
    const length = end - start;
    const header = headerLength(length, this.masked);
    if (header !== this.reserve) out.copyWithin(pos + header, start, end);
    writeHeader(out, pos, this.first, length, this.masked);
    return pos + header + length;
  }
}

export class Renderer implements MessageRenderer {
  readonly bytes?: Uint8Array;
  constructor(private readonly ops: readonly Op[]) {
    if (ops.length === 1 && ops[0] instanceof StaticOp) this.bytes = ops[0].bytes;
  }
  render(out: Uint8Array, offset: number, nowMicros: number): number {
    const ops = this.ops;
    let pos = offset;
    for (let i = 0; i < ops.length; i++) pos = ops[i].write(out, pos, nowMicros);
    return pos - offset;
  }
}
