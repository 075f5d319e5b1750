import type { MessageRenderer, MessageTemplate } from '../../interfaces/content.js';
import { epochMicros } from '../wall-clock.js';
import type { ScratchSlab } from './scratch-slab.js';

/**
 * A connection's content when some of it changes per connection or per message: each template is
 * bound to the connection once, and messages are rendered into the worker's scratch slab
 * immediately before they are written (so message markers carry the send time).
 */
export class DynamicMessages {
  private readonly first: (MessageRenderer | Uint8Array)[];
  private readonly unit: (MessageRenderer | Uint8Array)[];
  /** Messages in the last rendered batch. */
  count = 0;
  /** End offset in the slab of the last rendered batch. */
  end = 0;

  constructor(
    readonly firstMax: number,
    readonly unitMax: number,
    first: readonly MessageTemplate[],
    unit: readonly MessageTemplate[],
    identity: { uid: number; ptr: number },
    private readonly slab: ScratchSlab,
  ) {
    this.first = first.map((t) => bindPart(t, identity));
    this.unit = unit.map((t) => bindPart(t, identity));
  }

  get hasFirst(): boolean {
    return this.first.length > 0;
  }

  get hasUnit(): boolean {
    return this.unit.length > 0 && this.unitMax > 0;
  }

  /** Renders the first messages; returns the slab offset where they start. */
  renderFirst(): number {
    const start = this.slab.reserve(this.firstMax);
    this.end = renderParts(this.first, this.slab.buf, start, epochMicros());
    this.count = 0;
    return start;
  }

  /**
   * Renders up to `maxMessages` message units, stopping before `maxBytes` would be exceeded
   * (at least one message); returns the slab offset where they start.
   */
  renderUnits(maxMessages: number, maxBytes: number): number {
    const per = this.unitMax;
    const n = Math.max(1, Math.min(maxMessages, Math.floor(maxBytes / per)));
    const start = this.slab.reserve(n * per);
    const buf = this.slab.buf;
    const now = epochMicros();
    let off = start;
    for (let i = 0; i < n; i++) off = renderParts(this.unit, buf, off, now);
    this.count = n;
    this.end = off;
    return start;
  }
}

function bindPart(t: MessageTemplate, identity: { uid: number; ptr: number }): MessageRenderer | Uint8Array {
  if (t.bytes !== undefined) return t.bytes;
  if (!t.bind) throw new Error('A dynamic message template must provide bind()');
  const r = t.bind(identity);
  return r.bytes ?? r;
}

function renderParts(
  parts: (MessageRenderer | Uint8Array)[],
  out: Buffer,
  offset: number,
  now: number,
): number {
  let off = offset;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p instanceof Uint8Array) {
      out.set(p, off);
      off += p.length;
    } else {
      off += p.render(out, off, now);
    }
  }
  return off;
}

export function maxLengthOf(templates: readonly MessageTemplate[]): number {
  let n = 0;
  for (const t of templates) n += t.maxLength;
  return n;
}
