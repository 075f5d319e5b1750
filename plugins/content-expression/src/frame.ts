/**
 * WebSocket frame headers (RFC 6455 §5.2) as tcpkali writes them: the first byte carries FIN, the
 * RSV bits and the opcode; clients set the mask bit and always use the key 00 00 00 00, so the
 * payload goes out unchanged.
 */

export const FIN = 0x80;
export const RSV1 = 0x40;
export const RSV2 = 0x20;
export const RSV3 = 0x10;

export const OPCODES: ReadonlyMap<string, number> = new Map([
  ['ws.continuation', 0x0],
  ['ws.cont', 0x0],
  ['ws.text', 0x1],
  ['ws.binary', 0x2],
  ['ws.close', 0x8],
  ['ws.ping', 0x9],
  ['ws.pong', 0xa],
]);

/** The first byte of the text frames `--ws` wraps plain content into. */
export const TEXT_FRAME = FIN | 0x1;

export function headerLength(payloadLength: number, masked: boolean): number {
  const extended = payloadLength < 126 ? 0 : payloadLength < 65536 ? 2 : 8;
  return 2 + extended + (masked ? 4 : 0);
}

/** Writes the header for a payload of the given length at `pos`; returns the position after it. */
export function writeHeader(
  out: Uint8Array,
  pos: number,
  first: number,
  payloadLength: number,
  masked: boolean,
): number {
  const maskBit = masked ? 0x80 : 0;
  out[pos++] = first;
  if (payloadLength < 126) {
    out[pos++] = maskBit | payloadLength;
  } else if (payloadLength < 65536) {
    out[pos++] = maskBit | 126;
    out[pos++] = payloadLength >>> 8;
    out[pos++] = payloadLength & 0xff;
  } else {
    out[pos++] = maskBit | 127;
    const high = Math.floor(payloadLength / 4294967296);
    const low = payloadLength >>> 0;
    out[pos++] = high >>> 24;
    out[pos++] = (high >>> 16) & 0xff;
    out[pos++] = (high >>> 8) & 0xff;
    out[pos++] = high & 0xff;
    out[pos++] = low >>> 24;
    out[pos++] = (low >>> 16) & 0xff;
    out[pos++] = (low >>> 8) & 0xff;
    out[pos++] = low & 0xff;
  }
  if (masked) {
    out[pos++] = 0;
    out[pos++] = 0;
    out[pos++] = 0;
    out[pos++] = 0;
  }
  return pos;
}

/** A whole frame around a payload known at compile or bind time. */
export function buildFrame(first: number, payload: Uint8Array, masked: boolean): Uint8Array {
  const frame = new Uint8Array(headerLength(payload.length, masked) + payload.length);
  const at = writeHeader(frame, 0, first, payload.length, masked);
  frame.set(payload, at);
  return frame;
}
