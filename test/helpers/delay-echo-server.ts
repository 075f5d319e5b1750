import { createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback echo server that answers every complete line (`\n`-terminated) after a known delay,
 * so latency figures have a known right answer.
 *
 * Replies are not given one setTimeout each: Node's timers run on a millisecond clock cached at
 * the start of each loop turn, so they fire up to ~1 ms early or late, which is the whole error
 * budget of the accuracy tests. Instead every reply waits in its connection's queue with a
 * `performance.now()` deadline; one timer wakes the server shortly before the earliest deadline
 * and a setImmediate loop (which still lets incoming data in between turns) sends each reply
 * once its deadline has really passed.
 */
export interface DelayEchoOptions {
  /**
   * Reply delay in milliseconds. With several, connection i (in accept order) gets delays[i % n]:
   * each connection keeps one delay, or a short reply would queue behind a long one on the same
   * stream and measure the long one's remainder instead of its own delay.
   */
  delaysMs: readonly number[];
  /**
   * Serve at most this many replies per second across all connections; a reply whose slot has
   * not come yet waits for it, so above this rate the backlog (and the latency) grows without
   * bound, like a saturated server.
   */
  capacityPerSecond?: number;
  /**
   * What happens above capacityPerSecond. `queue` (the default): replies wait for a free slot,
   * and the backlog built while overloaded is still there when the load drops. `slow`: while
   * more than capacityPerSecond lines a second arrived over the last 500 ms, each reply takes
   * overloadPenaltyMs longer; the server is back to normal as soon as the load drops, so the
   * latency at a given rate does not depend on the rates before it.
   */
  overload?: 'queue' | 'slow';
  overloadPenaltyMs?: number;
  /** Send each reply one byte at a time, this many milliseconds apart (markers split across reads). */
  dribbleMs?: number;
}

export interface DelayEchoServer {
  port: number;
  /** Complete lines received so far. */
  readonly lines: number;
  /**
   * How late each reply (or dribbled byte) left, in ms past its deadline: when an accuracy test
   * fails, this tells whether the server or the client was off.
   */
  readonly lateness: readonly number[];
  /**
   * How long each reply was held, in ms from its request's data event to its write: what a
   * client should measure, give or take the loopback transit (tens of µs).
   */
  readonly held: readonly number[];
  close(): Promise<void>;
}

/** Wake this long before a deadline: covers a timer firing late by up to that much. */
const SPIN_MS = 1.5;
/**
 * The window over which the `slow` overload mode measures the arrival rate: long enough to
 * smooth the bursts of a paced client (and of a server process that was not scheduled for a few
 * ms), no longer than the rate search's 500 ms warm-up, so a new step is judged on its own rate.
 */
const RATE_WINDOW_MS = 500;
const LF = 0x0a;

interface Pending {
  at: number;
  data: Buffer;
  /** When the request's data event ran. */
  arrived: number;
}

class Peer {
  queue: Pending[] = [];
  head = 0;
  partial: Buffer[] = [];
  /** The latest deadline given on this connection: a stream cannot overtake itself. */
  lastAt = 0;

  constructor(
    readonly socket: Socket,
    readonly delayMs: number,
  ) {}

  get next(): Pending | undefined {
    return this.queue[this.head];
  }

  shift(): Pending {
    const p = this.queue[this.head++];
    // Compacts now and then so a long run does not keep every reply it ever sent.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return p;
  }
}

export async function startDelayEchoServer(options: DelayEchoOptions): Promise<DelayEchoServer> {
  const peers = new Set<Peer>();
  const capacity = options.capacityPerSecond ?? 0;
  const queueing = capacity > 0 && (options.overload ?? 'queue') === 'queue';
  const slotMs = queueing ? 1000 / capacity : 0;
  const slowing = capacity > 0 && options.overload === 'slow';
  const arrivals = new ArrivalWindow(RATE_WINDOW_MS);
  let lastSlot = 0;
  let accepted = 0;
  let lineCount = 0;
  const lateness: number[] = [];
  const held: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  let timerFor = Number.POSITIVE_INFINITY;
  let spinning = false;

  const earliest = (): number => {
    let at = Number.POSITIVE_INFINITY;
    for (const p of peers) {
      const n = p.next;
      if (n && n.at < at) at = n.at;
    }
    return at;
  };

  const arm = () => {
    if (spinning) return;
    const at = earliest();
    if (at >= timerFor) return;
    if (timer) clearTimeout(timer);
    timer = undefined;
    timerFor = at;
    if (at === Number.POSITIVE_INFINITY) return;
    const wait = at - performance.now() - SPIN_MS;
    if (wait <= 0) {
      timerFor = Number.POSITIVE_INFINITY;
      spin();
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      timerFor = Number.POSITIVE_INFINITY;
      spin();
    }, wait);
  };

  const spin = () => {
    spinning = true;
    const now = performance.now();
    for (const p of peers) {
      while (p.next && p.next.at <= now) {
        const { at, data, arrived } = p.shift();
        if (!p.socket.destroyed) p.socket.write(data);
        const sent = performance.now();
        lateness.push(sent - at);
        held.push(sent - arrived);
      }
    }
    spinning = false;
    if (earliest() - performance.now() <= SPIN_MS) {
      spinning = true;
      setImmediate(() => {
        spinning = false;
        spin();
      });
    } else {
      arm();
    }
  };

  const schedule = (peer: Peer, line: Buffer, arrived: number) => {
    let at = arrived + peer.delayMs;
    if (queueing) {
      at = Math.max(at, lastSlot + slotMs);
      lastSlot = at;
    }
    if (slowing && arrivals.add(arrived) > (capacity * RATE_WINDOW_MS) / 1000) {
      at += options.overloadPenaltyMs ?? 100;
    }
    at = Math.max(at, peer.lastAt);
    peer.lastAt = at;
    if (options.dribbleMs === undefined) {
      peer.queue.push({ at, data: line, arrived });
    } else {
      for (let i = 0; i < line.length; i++) {
        peer.queue.push({ at: at + i * options.dribbleMs, data: line.subarray(i, i + 1), arrived });
      }
    }
  };

  const server: Server = createServer((socket) => {
    const peer = new Peer(socket, options.delaysMs[accepted++ % options.delaysMs.length]);
    peers.add(peer);
    // Dribbled bytes must leave as separate segments, or the kernel would merge them again.
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      const arrived = performance.now();
      let from = 0;
      for (let i = chunk.indexOf(LF); i >= 0; i = chunk.indexOf(LF, from)) {
        peer.partial.push(chunk.subarray(from, i + 1));
        schedule(peer, Buffer.concat(peer.partial), arrived);
        peer.partial = [];
        lineCount++;
        from = i + 1;
      }
      if (from < chunk.length) peer.partial.push(chunk.subarray(from));
      arm();
    });
    socket.on('error', () => {});
    socket.on('close', () => peers.delete(peer));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    get lines() {
      return lineCount;
    },
    lateness,
    held,
    close: () =>
      new Promise((resolve) => {
        if (timer) clearTimeout(timer);
        for (const p of peers) p.socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Counts events over a sliding window of the last `spanMs`. */
class ArrivalWindow {
  private times: number[] = [];
  private head = 0;

  constructor(private readonly spanMs: number) {}

  /** Adds an event at `now`; returns how many fell within the window, this one included. */
  add(now: number): number {
    this.times.push(now);
    while (this.times[this.head] < now - this.spanMs) this.head++;
    if (this.head > 4096) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }
}
