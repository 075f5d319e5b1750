import { escapeForDump } from './dump-format.js';

/** The most recent bytes a worker received, for the `Last received bytes` line of -vv. */
export class LastBytes {
  private readonly buf: Buffer;
  private length = 0;
  private total = 0;

  constructor(capacity: number) {
    this.buf = Buffer.alloc(capacity);
  }

  add(data: Uint8Array): void {
    const cap = this.buf.length;
    this.total += data.length;
    if (data.length >= cap) {
      this.buf.set(data.subarray(data.length - cap));
      this.length = cap;
      return;
    }
    const keep = Math.min(this.length, cap - data.length);
    this.buf.copy(this.buf, 0, this.length - keep, this.length);
    this.buf.set(data, keep);
    this.length = keep + data.length;
  }

  describe(): string {
    const cut = this.total > this.length ? '...' : '';
    return `Last received bytes (${this.length}): [${cut}${escapeForDump(this.buf.subarray(0, this.length))}]`;
  }
}
