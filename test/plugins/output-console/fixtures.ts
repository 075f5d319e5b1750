import type { ConnectionCounters, FinalReport, LatencySummary, LiveStats, TrafficCounters } from 'kali';
import { zeroConnections, zeroTraffic } from '../../../src/engine/worker/counters.js';

// The host's own zero counters, so a field added to them reaches these fixtures too.
export function traffic(partial: Partial<TrafficCounters> = {}): TrafficCounters {
  return { ...zeroTraffic(), ...partial };
}

export function conns(partial: Partial<ConnectionCounters> = {}): ConnectionCounters {
  return { ...zeroConnections(), ...partial };
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
