import type { TrafficCounters } from 'kali';

const FIELDS = ['bytesSent', 'bytesRcvd', 'writes', 'reads', 'msgsSent', 'msgsRcvd'] as const;

export interface Cumulative {
  traffic: TrafficCounters;
  opened: number;
}

export interface Deltas {
  traffic: TrafficCounters;
  opened: number;
}

/**
 * Turns the host's cumulative counters into StatsD counter increments. A total that goes
 * backwards (it never should) yields 0 rather than a negative count, so the sum a daemon keeps
 * never exceeds the true total.
 */
export class CounterDeltas {
  private sent: Cumulative = { traffic: zero(), opened: 0 };

  /** What has already been sent, as cumulative totals. */
  get total(): Readonly<Cumulative> {
    return this.sent;
  }

  next(now: Cumulative): Deltas {
    const traffic = zero();
    const sentTraffic = { ...this.sent.traffic };
    for (const f of FIELDS) {
      traffic[f] = Math.max(0, now.traffic[f] - sentTraffic[f]);
      sentTraffic[f] += traffic[f];
    }
    const opened = Math.max(0, now.opened - this.sent.opened);
    this.sent = { traffic: sentTraffic, opened: this.sent.opened + opened };
    return { traffic, opened };
  }
}

export function zero(): TrafficCounters {
  return { bytesSent: 0, bytesRcvd: 0, writes: 0, reads: 0, msgsSent: 0, msgsRcvd: 0 };
}

export function sum(a: TrafficCounters, b: TrafficCounters): TrafficCounters {
  const out = zero();
  for (const f of FIELDS) out[f] = a[f] + b[f];
  return out;
}
