/** Something the pump can ask to write once. */
export interface Writer {
  /** Intrusive queue link, owned by the pump. */
  nextWriter: Writer | null;
  queued: boolean;
  /** Write one chunk; return true if the writer can take another one right away. */
  writeOnce(): boolean;
}

/** Writes per event-loop turn before the pump yields to timers, reads and the stats channel. */
const WRITES_PER_TURN = 64;

/**
 * A turn also ends after this long, checked every few writes: some writes are expensive (a `-d`
 * dump escapes every byte written, TLS encrypts), and 64 of them would hold connects, accepts
 * and control messages back for a second.
 */
const TURN_BUDGET_MS = 5;
const WRITES_PER_CLOCK_CHECK = 8;

/**
 * Round-robin over connections that can write. A socket whose write() keeps returning true
 * (the kernel takes everything on loopback) would otherwise never let the event loop run; the
 * pump bounds the work per turn and continues on setImmediate. The queue is intrusive (a link
 * field on each writer), so queueing allocates nothing.
 */
export class WritePump {
  private head: Writer | null = null;
  private tail: Writer | null = null;
  private scheduled = false;
  private stopped = false;
  private readonly turn = () => this.runTurn();

  enqueue(w: Writer): void {
    if (w.queued || this.stopped) return;
    w.queued = true;
    w.nextWriter = null;
    if (this.tail) this.tail.nextWriter = w;
    else this.head = w;
    this.tail = w;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.turn);
    }
  }

  stop(): void {
    this.stopped = true;
    this.head = this.tail = null;
  }

  private dequeue(): Writer | null {
    const w = this.head;
    if (w) {
      this.head = w.nextWriter;
      if (!this.head) this.tail = null;
      w.nextWriter = null;
      w.queued = false;
    }
    return w;
  }

  private runTurn(): void {
    this.scheduled = false;
    const deadline = performance.now() + TURN_BUDGET_MS;
    for (let i = 1; i <= WRITES_PER_TURN; i++) {
      const w = this.dequeue();
      if (!w) return;
      if (w.writeOnce()) this.enqueue(w);
      if (i % WRITES_PER_CLOCK_CHECK === 0 && performance.now() > deadline) break;
    }
    if (this.head && !this.scheduled && !this.stopped) {
      this.scheduled = true;
      setImmediate(this.turn);
    }
  }
}
