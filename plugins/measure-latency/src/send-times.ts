/** tcpkali gives up when this many sent messages wait for their marker. */
export const MAX_OUTSTANDING = 10_000_000;

/**
 * A FIFO of send times (monotonic µs) in a ring that doubles when full, so steady traffic pushes
 * and pops without allocating.
 */
export class SendTimes {
  private ring = new Float64Array(16);
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(time: number, count: number): void {
    for (let i = 0; i < count; i++) {
      if (this.size === this.ring.length) this.grow();
      this.ring[(this.head + this.size) & (this.ring.length - 1)] = time;
      this.size++;
    }
  }

  /** The oldest send time, or -1 when none is waiting. */
  shift(): number {
    if (this.size === 0) return -1;
    const t = this.ring[this.head];
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.size--;
    return t;
  }

  private grow(): void {
    const bigger = new Float64Array(this.ring.length * 2);
    for (let i = 0; i < this.size; i++) bigger[i] = this.ring[(this.head + i) & (this.ring.length - 1)];
    this.ring = bigger;
    this.head = 0;
  }
}
