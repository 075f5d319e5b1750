import type { ConnectionIdentity, MessageTemplate } from 'kali';
import type { Part } from './ast.js';
import { buildFrame, headerLength, TEXT_FRAME } from './frame.js';
import { combine, Random } from './random.js';
import type { Generator } from './regex-generator.js';
import { FrameOp, MARKER_LENGTH, MarkerOp, type Op, RandomOp, Renderer, StaticOp } from './renderer.js';

/**
 * The compiled form between parsing and binding: global values are resolved, per-connection ones
 * are not yet, per-message ones never are.
 */
type Piece =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'counter'; which: 'uid' | 'ptr'; moduli: number[] }
  | { kind: 'connection-random'; generator: Generator }
  | { kind: 'random'; generator: Generator }
  | { kind: 'marker' }
  | { kind: 'frame'; first: number; masked: boolean; inner: Piece[] };

export interface CompileOptions {
  /** `--ws` and a message option: wrap plain content into text frames. */
  wrapText: boolean;
  /** Client side: frames carry the mask bit and a zero key. */
  masked: boolean;
  /** Seed for this source: global values come from it, per-connection ones from it plus the uid. */
  seed: number;
}

/** The largest decimal a safe integer needs (9007199254740991) and `0x` + its 14 hex digits. */
const COUNTER_DIGITS = 16;

export function compileTemplate(parts: Part[], options: CompileOptions): MessageTemplate {
  const global = new Random(combine(options.seed, 0x676c6f62));
  const pieces = simplify(lower(parts, options, global));
  const maxLength = sumMax(pieces);
  if (pieces.length === 0) return { bytes: new Uint8Array(0), maxLength: 0 };
  if (pieces.length === 1 && pieces[0].kind === 'bytes') return { bytes: pieces[0].bytes, maxLength };
  const markers = pieces.some(hasMarker);
  return {
    maxLength,
    markers,
    bind(connection: ConnectionIdentity) {
      const random = new Random(combine(options.seed, connection.uid));
      const bound = simplify(resolve(pieces, connection, random));
      return new Renderer(bound.map((p) => toOp(p, random)));
    },
  };
}

function lower(parts: Part[], options: CompileOptions, global: Random): Piece[] {
  const out: Piece[] = [];
  let run: Piece[] = [];
  const endRun = () => {
    if (run.length === 0) return;
    if (options.wrapText) out.push({ kind: 'frame', first: TEXT_FRAME, masked: options.masked, inner: run });
    else out.push(...run);
    run = [];
  };
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        run.push({ kind: 'bytes', bytes: part.bytes });
        break;
      case 'counter':
        run.push({ kind: 'counter', which: part.which, moduli: part.moduli });
        break;
      case 'marker':
        run.push({ kind: 'marker' });
        break;
      case 'random':
        if (part.scope === 'global') run.push({ kind: 'bytes', bytes: generateOnce(part.generator, global) });
        else if (part.scope === 'connection')
          run.push({ kind: 'connection-random', generator: part.generator });
        else run.push({ kind: 'random', generator: part.generator });
        break;
      case 'raw':
        endRun();
        out.push(...lower(part.parts, { ...options, wrapText: false }, global));
        break;
      case 'frame':
        endRun();
        out.push({ kind: 'bytes', bytes: buildFrame(part.first, part.payload, options.masked) });
        break;
    }
  }
  endRun();
  return out;
}

/** Per-connection values become bytes; the random source is the connection's own. */
function resolve(pieces: Piece[], connection: ConnectionIdentity, random: Random): Piece[] {
  return pieces.map((p): Piece => {
    switch (p.kind) {
      case 'counter':
        return { kind: 'bytes', bytes: Buffer.from(formatCounter(p, connection), 'latin1') };
      case 'connection-random':
        return { kind: 'bytes', bytes: generateOnce(p.generator, random) };
      case 'frame':
        return { ...p, inner: resolve(p.inner, connection, random) };
      default:
        return p;
    }
  });
}

function formatCounter(
  p: { which: 'uid' | 'ptr'; moduli: number[] },
  connection: ConnectionIdentity,
): string {
  let value = p.which === 'uid' ? connection.uid : connection.ptr;
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`connection.${p.which} must be a non-negative safe integer, got ${value}`);
  if (p.moduli.length === 0) return p.which === 'uid' ? String(value) : `0x${value.toString(16)}`;
  for (const m of p.moduli) value %= m;
  return String(value);
}

/** Joins adjacent bytes and turns frames with a fixed payload into bytes. */
function simplify(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (let p of pieces) {
    if (p.kind === 'frame') {
      const inner = simplify(p.inner);
      if (inner.length === 0) p = { kind: 'bytes', bytes: buildFrame(p.first, new Uint8Array(0), p.masked) };
      else if (inner.length === 1 && inner[0].kind === 'bytes')
        p = { kind: 'bytes', bytes: buildFrame(p.first, inner[0].bytes, p.masked) };
      else p = { ...p, inner };
    }
    const last = out[out.length - 1];
    if (p.kind === 'bytes' && last?.kind === 'bytes')
      out[out.length - 1] = { kind: 'bytes', bytes: Buffer.concat([last.bytes, p.bytes]) };
    else if (p.kind !== 'bytes' || p.bytes.length > 0) out.push(p);
  }
  return out;
}

function maxOf(p: Piece): number {
  switch (p.kind) {
    case 'bytes':
      return p.bytes.length;
    case 'counter':
      return p.moduli.length === 0 ? COUNTER_DIGITS : String(Math.min(...p.moduli) - 1).length;
    case 'connection-random':
    case 'random':
      return p.generator.max;
    case 'marker':
      return MARKER_LENGTH;
    case 'frame': {
      const payload = sumMax(p.inner);
      return headerLength(payload, p.masked) + payload;
    }
  }
}

function sumMax(pieces: Piece[]): number {
  return pieces.reduce((n, p) => n + maxOf(p), 0);
}

function hasMarker(p: Piece): boolean {
  return p.kind === 'marker' || (p.kind === 'frame' && p.inner.some(hasMarker));
}

function generateOnce(generator: Generator, random: Random): Uint8Array {
  const buffer = new Uint8Array(generator.max);
  return buffer.subarray(0, generator.generate(buffer, 0, random));
}

function toOp(p: Piece, random: Random): Op {
  switch (p.kind) {
    case 'bytes':
      return new StaticOp(p.bytes);
    case 'random':
      return new RandomOp(p.generator, random);
    case 'marker':
      return new MarkerOp();
    case 'frame':
      return new FrameOp(
        p.first,
        p.masked,
        p.inner.map((q) => toOp(q, random)),
        sumMax(p.inner),
      );
    default:
      throw new Error(`unresolved ${p.kind} after bind`);
  }
}
