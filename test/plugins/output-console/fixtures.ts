import type { ConnectionCounters, FinalReport, LatencySummary, LiveStats, TrafficCounters } from 'kali';

export function traffic(partial: Partial<TrafficCounters> = {}): TrafficCounters {
  return { bytesSent: 0, bytesRcvd: 0, writes: 0, reads: 0, msgsSent: 0, msgsRcvd: 0, ...partial };
}

export function conns(partial: Partial<ConnectionCounters> = {}): ConnectionCounters {
  return {
    openIn: 0,
    openOut: 0,
    connecting: 0,
    initiated: 0,
    accepted: 0,
    failures: 0,
    timeouts: 0,
    closedByPeerIn: 0,
    closedByPeerOut: 0,
    ...partial,
  };
}

export function report(partial: Partial<FinalReport> = {}): FinalReport {
  return {
    metrics: [],
    traffic: traffic(),
    conns: conns(),
    duration: 2,
    openConnections: 2,
    messageMarkers: false,
    latencies: [],
    ...partial,
  };
}

/** A latency summary with the given percentile labels and millisecond values. */
export function latency(name: string, title: string, points: [string, number][]): LatencySummary {
  return {
    name,
    title,
    count: 100,
    minMs: 0,
    meanMs: 0,
    maxMs: 0,
    percentiles: points.map(([label, ms]) => ({ label, value: Number(label), ms })),
  };
}

export function live(partial: Partial<LiveStats> = {}): LiveStats {
  return {
    metrics: [],
    elapsed: 0,
    phase: 'steady',
    steadyElapsed: 0,
    duration: 3,
    targetConnections: 1,
    traffic: traffic(),
    conns: conns({ openIn: 1, openOut: 1, initiated: 1, accepted: 1 }),
    rateBitsIn: 0,
    rateBitsOut: 0,
    rateMsgsIn: 0,
    rateMsgsOut: 0,
    latencyP95: {},
    latency: {},
    messageMarkers: false,
    ...partial,
  };
}
