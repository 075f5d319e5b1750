import type { RequestTracker } from '../../interfaces/requests.js';
import type { RequestOwner } from './request-owner.js';

/** tcpkali gives up when this many messages wait for their --latency-marker. */
export const MAX_OUTSTANDING = 10_000_000;

const INITIAL_CAPACITY = 8;

/** What a connection learns from its queue. */
export interface RequestEvents {
  /** A request completed (or timed out) at `nowMs`: an in-flight slot is free again. */
  requestCompleted(nowMs: number): void;
  /** More requests outstanding than anyone could mean: the run cannot be trusted. */
  requestOverflow(): void;
}

/**
 * One connection's outstanding requests: the moment each was due (performance.now() ms), in the
 * order they were sent. A ring of doubles that doubles in size when full, so pushing and
 * completing allocate nothing once a connection has reached its working depth.
 */
export class RequestQueue implements RequestTracker {
  private due = new Float64Array(INITIAL_CAPACITY);
  /** Completed out of order, still inside the ring (completeSeq); allocated on first use. */
  private done: Uint8Array | null = null;
  /** Sequence number of the oldest outstanding request, and of the next one to be sent. */
  private head = 0;
  private tail = 0;
  /** Entries between head and tail already answered out of order. */
  private doneInside = 0;

  constructor(
    private readonly owner: RequestOwner,
    private readonly events: RequestEvents,
  ) {}

  get outstanding(): number {
    return this.tail - this.head - this.doneInside;
  }

  /** Due time of the oldest outstanding request; meaningful only when outstanding > 0. */
  get oldestDue(): number {
    return this.due[this.head % this.due.length];
  }

  push(dueMs: number): void {
    if (this.tail - this.head === this.due.length) this.grow();
    this.due[this.tail % this.due.length] = dueMs;
    this.tail++;
  }

  complete(outcome = 0): number {
    if (this.tail === this.head) return -1;
    const now = performance.now();
    const latencyUs = (now - this.due[this.head % this.due.length]) * 1000;
    this.head++;
    this.skipDone();
    this.owner.completed(latencyUs, outcome);
    this.events.requestCompleted(now);
    return latencyUs;
  }

  completeSeq(seq: number, outcome = 0): number {
    if (seq < this.head || seq >= this.tail) return -1;
    if (seq === this.head) return this.complete(outcome);
    const cap = this.due.length;
    if (this.done === null) this.done = new Uint8Array(cap);
    if (this.done[seq % cap] === 1) return -1;
    this.done[seq % cap] = 1;
    this.doneInside++;
    const now = performance.now();
    const latencyUs = (now - this.due[seq % cap]) * 1000;
    this.owner.completed(latencyUs, outcome);
    this.events.requestCompleted(now);
    return latencyUs;
  }

  discard(): void {
    if (this.tail === this.head) return;
    this.head++;
    this.skipDone();
  }

  /** The oldest request waited too long: count it as a timeout; the caller closes the connection. */
  expireOldest(): void {
    this.discard();
    this.owner.timeouts.add(1);
  }

  private skipDone(): void {
    const done = this.done;
    if (done === null) return;
    const cap = this.due.length;
    while (this.head < this.tail && done[this.head % cap] === 1) {
      done[this.head % cap] = 0;
      this.doneInside--;
      this.head++;
    }
  }

  private grow(): void {
    const old = this.due;
    const cap = old.length;
    if (cap >= MAX_OUTSTANDING) {
      this.events.requestOverflow();
      // Keep going without growing: the oldest entry is overwritten, the run is failing anyway.
      this.head++;
      return;
    }
    const next = new Float64Array(cap * 2);
    const nextDone = this.done ? new Uint8Array(cap * 2) : null;
    for (let s = this.head; s < this.tail; s++) {
      next[s % (cap * 2)] = old[s % cap];
      if (nextDone && this.done) nextDone[s % (cap * 2)] = this.done[s % cap];
    }
    this.due = next;
    this.done = nextDone;
  }
}
