/** Something visited on every pacing tick. */
export interface Paced {
  /** Position in the pacer's list, owned by the pacer (-1 when not listed). */
  paceIndex: number;
  pace(now: number): void;
}

/** Shortest tick: fine enough that a 100 msg/s stream looks smooth to a latency histogram. */
const MIN_TICK_MS = 5;
/** Longest tick, reached only with very many paced connections. */
const MAX_TICK_MS = 50;
/** Connection visits per second one worker can afford before ticks get coarser. */
const VISITS_PER_SECOND = 200_000;

/**
 * Drives rate- and bandwidth-limited connections from one timer per worker instead of one per
 * connection. Each tick visits every listed connection with the current time; connections keep
 * their own token buckets, so a late tick (a loaded machine) sends what fell due meanwhile
 * rather than losing it. With many connections the tick lengthens, so each write combines more
 * messages instead of the worker drowning in writes.
 */
export class Pacer {
  private readonly list: Paced[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly tick = () => this.onTick();

  add(p: Paced): void {
    if (p.paceIndex >= 0 || this.stopped) return;
    p.paceIndex = this.list.length;
    this.list.push(p);
    if (this.timer === null) this.timer = setTimeout(this.tick, this.tickMs());
  }

  remove(p: Paced): void {
    const i = p.paceIndex;
    if (i < 0) return;
    const last = this.list.pop() as Paced;
    if (last !== p) {
      this.list[i] = last;
      last.paceIndex = i;
    }
    p.paceIndex = -1;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The current tick: how late the pacer may visit a connection when it is on time. */
  tickMs(): number {
    return Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, (this.list.length * 1000) / VISITS_PER_SECOND));
  }

  private onTick(): void {
    this.timer = null;
    const now = performance.now();
    // Visiting may remove entries (a connection closes while writing): walk from the end.
    for (let i = this.list.length - 1; i >= 0; i--) {
      const p = this.list[i];
      if (p !== undefined) p.pace(now);
    }
    if (!this.stopped && this.list.length > 0) this.timer = setTimeout(this.tick, this.tickMs());
  }
}
