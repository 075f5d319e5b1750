import type { ConnectionCounters, LiveStats, TrafficCounters, WorkerStats } from '../interfaces/stats.js';
import { zeroConnections, zeroTraffic } from './worker/counters.js';

/** How long the live bandwidth figure takes to follow a change (tcpkali smooths over ~3 s). */
const SMOOTHING_SECONDS = 3;

export function addTraffic(into: TrafficCounters, add: TrafficCounters, sign = 1): TrafficCounters {
  into.bytesSent += sign * add.bytesSent;
  into.bytesRcvd += sign * add.bytesRcvd;
  into.writes += sign * add.writes;
  into.reads += sign * add.reads;
  into.msgsSent += sign * add.msgsSent;
  into.msgsRcvd += sign * add.msgsRcvd;
  return into;
}

export function addConnections(into: ConnectionCounters, add: ConnectionCounters): ConnectionCounters {
  into.openIn += add.openIn;
  into.openOut += add.openOut;
  into.connecting += add.connecting;
  into.initiated += add.initiated;
  into.accepted += add.accepted;
  into.failures += add.failures;
  into.timeouts += add.timeouts;
  return into;
}

/**
 * Keeps the latest cumulative figures of every worker and turns them into the live view the
 * outputs get: totals plus exponentially smoothed bit and message rates.
 */
export class StatsMerger {
  private readonly latest: (WorkerStats | undefined)[];
  private lastTotals = zeroTraffic();
  private lastAt = 0;
  private rateBitsIn = 0;
  private rateBitsOut = 0;
  private rateMsgsIn = 0;
  private rateMsgsOut = 0;

  constructor(workers: number) {
    this.latest = new Array(workers).fill(undefined);
  }

  update(stats: WorkerStats): void {
    this.latest[stats.worker] = stats;
  }

  totals(): { traffic: TrafficCounters; conns: ConnectionCounters } {
    const traffic = zeroTraffic();
    const conns = zeroConnections();
    for (const s of this.latest) {
      if (!s) continue;
      addTraffic(traffic, s.traffic);
      addConnections(conns, s.conns);
    }
    return { traffic, conns };
  }

  /** Call at a steady cadence (the live view's refresh) with a monotonic time in seconds. */
  sample(nowSeconds: number): { traffic: TrafficCounters; conns: ConnectionCounters } {
    const t = this.totals();
    if (this.lastAt > 0) {
      const dt = nowSeconds - this.lastAt;
      if (dt > 0) {
        const alpha = 1 - Math.exp(-dt / SMOOTHING_SECONDS);
        const d = addTraffic({ ...t.traffic }, this.lastTotals, -1);
        this.rateBitsIn += alpha * ((d.bytesRcvd * 8) / dt - this.rateBitsIn);
        this.rateBitsOut += alpha * ((d.bytesSent * 8) / dt - this.rateBitsOut);
        this.rateMsgsIn += alpha * (d.msgsRcvd / dt - this.rateMsgsIn);
        this.rateMsgsOut += alpha * (d.msgsSent / dt - this.rateMsgsOut);
      }
    }
    this.lastAt = nowSeconds;
    this.lastTotals = t.traffic;
    return t;
  }

  rates(): Pick<LiveStats, 'rateBitsIn' | 'rateBitsOut' | 'rateMsgsIn' | 'rateMsgsOut'> {
    return {
      rateBitsIn: this.rateBitsIn,
      rateBitsOut: this.rateBitsOut,
      rateMsgsIn: this.rateMsgsIn,
      rateMsgsOut: this.rateMsgsOut,
    };
  }
}
