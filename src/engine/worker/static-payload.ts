import type { CompiledContent } from '../../content/compile-content.js';

/** Copies of the message unit are joined until one write carries at least this many bytes. */
export const BULK_WRITE_BYTES = 256 * 1024;

/**
 * Pre-built bytes for sending static content. Every connection of a worker writes these same
 * buffers (or views of them), so sending costs no allocation and no copying per message.
 */
export class StaticPayload {
  /** `-1`/`--first-message-file` bytes, sent once per connection; undefined when there are none. */
  readonly first?: Buffer;
  /** The message unit repeated `messagesPerBulk` times; undefined when nothing repeats. */
  readonly bulk?: Buffer;
  readonly messagesPerBulk: number;
  /** Length of one message unit (all `-m`/`-f` joined). */
  readonly unitLength: number;
  /** views[k] = the first k messages of `bulk`, made on first use and kept. */
  private readonly views: Buffer[] = [];

  constructor(content: CompiledContent) {
    const first = joinStatic(content.first);
    const unit = joinStatic(content.message);
    if (first.length > 0) this.first = first;
    this.unitLength = unit.length;
    this.messagesPerBulk = 0;
    if (unit.length > 0) {
      const copies = Math.max(1, Math.ceil(BULK_WRITE_BYTES / unit.length));
      const bulk = Buffer.allocUnsafeSlow(unit.length * copies);
      for (let i = 0; i < copies; i++) unit.copy(bulk, i * unit.length);
      this.bulk = bulk;
      this.messagesPerBulk = copies;
    }
  }

  /** k whole messages (1 ≤ k ≤ messagesPerBulk) as one buffer, for one combined write. */
  messages(k: number): Buffer {
    let v = this.views[k];
    if (v === undefined) {
      v = (this.bulk as Buffer).subarray(0, k * this.unitLength);
      this.views[k] = v;
    }
    return v;
  }
}

/** Only called when every part is static (see sidePlan). */
function joinStatic(parts: CompiledContent['message']): Buffer {
  return Buffer.concat(parts.map((t) => t.bytes as Uint8Array));
}
