/** Size of one slab; a rendered batch never needs more than a bulk write (256 KiB) plus slack. */
const SLAB_BYTES = 4 * 1024 * 1024;

/**
 * Memory that dynamic messages are rendered into right before they are written. A write the
 * kernel takes at once leaves nothing behind, so the same bytes are reused for the next batch;
 * only when Node keeps a reference (the socket was busy) does the region stay reserved, and a
 * full slab is then replaced by a new one — the old one lives until Node has written it. On the
 * fast path this allocates nothing but the view handed to write().
 */
export class ScratchSlab {
  buf: Buffer = Buffer.allocUnsafeSlow(SLAB_BYTES);
  private pos = 0;

  /** Start of a region of at least `bytes` bytes in `buf`. */
  reserve(bytes: number): number {
    if (this.pos + bytes > this.buf.length) {
      this.buf = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, bytes));
      this.pos = 0;
    }
    return this.pos;
  }

  /** After the write: keep [start, end) only if the transport still holds it. */
  settle(end: number, retained: boolean): void {
    if (retained) this.pos = end;
  }
}
