import type { CompiledContent } from '../../content/compile-content.js';
import { Failure } from '../../host/failure.js';

/** Copies of the message unit are joined until one write carries at least this many bytes. */
export const BULK_WRITE_BYTES = 256 * 1024;

/**
 * Pre-built bytes for unlimited sending of static content. Every connection of a worker writes
 * these same buffers, so sending costs no allocation and no copying per message.
 */
export interface StaticPayload {
  /** `-1`/`--first-message-file` bytes, sent once per connection; undefined when there are none. */
  first?: Buffer;
  /** The message unit repeated `messagesPerBulk` times; undefined when nothing repeats. */
  bulk?: Buffer;
  messagesPerBulk: number;
}

export function buildStaticPayload(content: CompiledContent): StaticPayload {
  const first = joinStatic(content.first, 'first message');
  const unit = joinStatic(content.message, 'message');
  const payload: StaticPayload = { messagesPerBulk: 0 };
  if (first.length > 0) payload.first = first;
  if (unit.length > 0) {
    const copies = Math.max(1, Math.ceil(BULK_WRITE_BYTES / unit.length));
    const bulk = Buffer.allocUnsafeSlow(unit.length * copies);
    for (let i = 0; i < copies; i++) unit.copy(bulk, i * unit.length);
    payload.bulk = bulk;
    payload.messagesPerBulk = copies;
  }
  return payload;
}

function joinStatic(parts: CompiledContent['message'], what: string): Buffer {
  const chunks: Uint8Array[] = [];
  for (const t of parts) {
    if (t.bytes === undefined) {
      throw new Failure(`Dynamic ${what} content is not supported by this engine yet`, 64);
    }
    chunks.push(t.bytes);
  }
  return Buffer.concat(chunks);
}
