/**
 * Connect timeouts for all of a worker's attempts from one timer. Attempts start in order and
 * share one timeout, so their deadlines are already sorted: a FIFO with a timer for its head
 * replaces a Timeout object, a bound function and a 'timeout' listener per attempt.
 *
 * An attempt is anything the transport can give up on (a socket, a WebSocket being upgraded);
 * `expire` is called for each one whose deadline passed and decides whether it is still pending.
 */
export class ConnectDeadlines<T extends object> {
  private attempts: (T | undefined)[] = [];
  private deadlines: number[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly check = () => this.expire();

  constructor(private readonly onExpire: (attempt: T) => void) {}

  add(attempt: T, timeoutMs: number): void {
    this.attempts.push(attempt);
    this.deadlines.push(performance.now() + timeoutMs);
    if (this.timer === null) this.arm();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.attempts = [];
    this.deadlines = [];
    this.head = 0;
  }

  private arm(): void {
    const wait = this.deadlines[this.head] - performance.now();
    // Node cannot arm more than 2^31-1 ms; expire() re-arms for whatever is left.
    this.timer = setTimeout(this.check, Math.min(2 ** 31 - 1, Math.max(1, Math.ceil(wait))));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = null;
    const now = performance.now();
    while (this.head < this.attempts.length && this.deadlines[this.head] <= now) {
      const attempt = this.attempts[this.head];
      this.attempts[this.head] = undefined;
      this.head++;
      if (attempt) this.onExpire(attempt);
    }
    // Drop the consumed prefix once it dominates, so the arrays do not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.attempts.length) {
      this.attempts = this.attempts.slice(this.head);
      this.deadlines = this.deadlines.slice(this.head);
      this.head = 0;
    }
    if (this.head < this.attempts.length) this.arm();
  }
}
