import type { ConnectionIdentity, MessageRenderer, MessageTemplate } from 'kali';
import { ascii, CR, concatBytes, copyBytes, decimalDigits, LF, writeDecimal } from './bytes.js';

/** Literal bytes, or a content template (an expression) evaluated per connection or per request. */
export type Part = Uint8Array | MessageTemplate;

/** One request as the user's arguments made it. */
export interface RequestParts {
  /**
   * Everything before the body: the request line and the header lines. With a body it ends with
   * `Content-Length: ` (the digits follow the body's rendered length); without one it ends with
   * the blank line.
   */
  head: readonly Part[];
  /** Undefined: no body. */
  body?: readonly Part[];
}

/**
 * The message template of the run's requests, one rendered message per request, the variants in
 * turn (one per `-m`). A request without expressions is bytes from here on, and a single static
 * request a static template, which the engine pre-joins into large writes at no cost per request.
 */
export function requestTemplate(variants: readonly RequestParts[]): MessageTemplate {
  const flat = variants.map(staticLength);
  const maxLength = Math.max(0, ...flat.map(variantMax));
  if (flat.length === 1 && flat[0].body === undefined && flat[0].head.every(isBytes)) {
    const bytes = concatBytes(flat[0].head as Uint8Array[]);
    return { bytes, maxLength: bytes.length };
  }
  const markers = flat.some((v) => [...v.head, ...(v.body ?? [])].some((p) => !isBytes(p) && p.markers));
  return {
    maxLength,
    markers,
    bind(identity: ConnectionIdentity): MessageRenderer {
      return new CycleRenderer(flat.map((v) => bindRequest(v, identity)));
    },
  };
}

const isBytes = <T>(p: Uint8Array | T): p is Uint8Array => p instanceof Uint8Array;

/** A body known in full now has a known length: it joins the head as bytes. */
function staticLength(v: RequestParts): RequestParts {
  const body = v.body;
  if (body === undefined || !body.every(isBytes))
    return { head: joinBytes(v.head), ...(body ? { body } : {}) };
  const bytes = concatBytes(body as Uint8Array[]);
  return { head: joinBytes([...v.head, lengthEnd(bytes.length), bytes]) };
}

/** `<length>\r\n\r\n`: the end of the Content-Length line and of the head. */
const lengthEnd = (length: number): Uint8Array => ascii(`${length}\r\n\r\n`);

const partMax = (p: Part): number => (isBytes(p) ? p.length : p.maxLength);
const sumMax = (parts: readonly Part[]): number => parts.reduce((n, p) => n + partMax(p), 0);

function variantMax(v: RequestParts): number {
  const head = sumMax(v.head);
  if (v.body === undefined) return head;
  const body = sumMax(v.body);
  return head + decimalDigits(body) + 4 + body;
}

/** Per connection: values fixed for the connection become bytes; what is left renders per request. */
function bindRequest(v: RequestParts, identity: ConnectionIdentity): MessageRenderer {
  const head = bindParts(v.head, identity);
  if (v.body !== undefined) {
    const body = bindParts(v.body, identity);
    if (body.every(isBytes)) {
      const bytes = concatBytes(body as Uint8Array[]);
      head.push(lengthEnd(bytes.length), bytes);
    } else {
      head.push(new BodyWithLength(body.map(asRenderer), sumMax(v.body)));
    }
  }
  const parts = joinBytes(head);
  if (parts.length === 1 && isBytes(parts[0])) return new StaticPart(parts[0]);
  return new PartsRenderer(parts.map(asRenderer));
}

function bindParts(parts: readonly Part[], identity: ConnectionIdentity): (Uint8Array | MessageRenderer)[] {
  return parts.map((p) => {
    if (isBytes(p)) return p;
    const r = (p.bind as NonNullable<MessageTemplate['bind']>)(identity);
    return r.bytes ?? r;
  });
}

const asRenderer = (p: Uint8Array | MessageRenderer): MessageRenderer =>
  p instanceof Uint8Array ? new StaticPart(p) : p;

/** Literal bytes among parts that render per request. */
class StaticPart implements MessageRenderer {
  constructor(readonly bytes: Uint8Array) {}
  render(out: Uint8Array, offset: number): number {
    return copyBytes(out, offset, this.bytes) - offset;
  }
}

class PartsRenderer implements MessageRenderer {
  readonly bytes = undefined;
  constructor(private readonly parts: readonly MessageRenderer[]) {}
  render(out: Uint8Array, offset: number, nowMicros: number): number {
    let pos = offset;
    const parts = this.parts;
    for (let i = 0; i < parts.length; i++) pos += parts[i].render(out, pos, nowMicros);
    return pos - offset;
  }
}

/**
 * `<length>\r\n\r\n<body>` for a body whose length is known only once rendered: the body is
 * written after room for the longest length it may have, straight into the engine's buffer, and
 * moved back when its length has fewer digits.
 */
class BodyWithLength implements MessageRenderer {
  readonly bytes = undefined;
  private readonly room: number;

  constructor(
    private readonly parts: readonly MessageRenderer[],
    maxLength: number,
  ) {
    this.room = decimalDigits(maxLength) + 4;
  }

  render(out: Uint8Array, offset: number, nowMicros: number): number {
    const body = offset + this.room;
    let end = body;
    const parts = this.parts;
    for (let i = 0; i < parts.length; i++) end += parts[i].render(out, end, nowMicros);
    const length = end - body;
    let p = writeDecimal(out, offset, length);
    out[p++] = CR;
    out[p++] = LF;
    out[p++] = CR;
    out[p++] = LF;
    if (p < body) out.copyWithin(p, body, end);
    return p + length - offset;
  }
}

/** One request per message, the variants in turn. */
class CycleRenderer implements MessageRenderer {
  readonly bytes: Uint8Array | undefined;
  private next = 0;
  constructor(private readonly variants: readonly MessageRenderer[]) {
    this.bytes = variants.length === 1 ? variants[0].bytes : undefined;
  }
  render(out: Uint8Array, offset: number, nowMicros: number): number {
    const v = this.variants[this.next];
    if (++this.next === this.variants.length) this.next = 0;
    return v.render(out, offset, nowMicros);
  }
}

/** Adjacent byte parts joined (fewer copies per request); empty ones dropped. */
function joinBytes<T>(parts: readonly (Uint8Array | T)[]): (Uint8Array | T)[] {
  const out: (Uint8Array | T)[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p instanceof Uint8Array && last instanceof Uint8Array) out[out.length - 1] = concatBytes([last, p]);
    else if (!(p instanceof Uint8Array) || p.length > 0) out.push(p);
  }
  return out;
}
