import * as hdr from 'hdr-histogram-js';
import type { LatencySummary, LiveStats, OutputContext, RunConfig, TrafficCounters } from 'kali';
import type { ClientFactory } from '../../../plugins/output-statsd/src/statsd-output.js';
import { hotShotsClient, type StatsdClient } from '../../../plugins/output-statsd/src/statsd-sink.js';

export function traffic(partial: Partial<TrafficCounters> = {}): TrafficCounters {
  return { bytesSent: 0, bytesRcvd: 0, writes: 0, reads: 0, msgsSent: 0, msgsRcvd: 0, ...partial };
}

export function summary(name: string, count: number, ms: number): LatencySummary {
  return {
    name,
    title: `${name} latency`,
    count,
    minMs: ms / 2,
    meanMs: ms,
    maxMs: ms * 2,
    percentiles: [
      { label: '95', value: 95, ms },
      { label: '99.5', value: 99.5, ms: ms * 1.5 },
    ],
  };
}

export function live(partial: Partial<LiveStats> = {}): LiveStats {
  return {
    metrics: [],
    elapsed: 0.25,
    phase: 'steady',
    steadyElapsed: 0.25,
    duration: 2,
    targetConnections: 1,
    traffic: traffic(),
    conns: {
      openIn: 1,
      openOut: 1,
      connecting: 0,
      initiated: 1,
      accepted: 1,
      failures: 0,
      timeouts: 0,
      closedByPeerIn: 0,
      closedByPeerOut: 0,
    },
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

/** What the settings would be after the host parsed `--statsd …` (defaults applied). */
export interface StatsdFlags {
  enabled?: boolean;
  host?: string;
  port?: number;
  namespace?: string;
  latencyWindow?: number;
}

export function context(
  statsd: StatsdFlags = {},
  histogram: OutputContext['histogram'] = () => undefined,
  log: (line: string) => void = () => {},
): OutputContext {
  const config = {
    latency: {
      connect: true,
      firstByte: false,
      markerSkip: 0,
      percentiles: [
        { value: 95, label: '95' },
        { value: 99.5, label: '99.5' },
      ],
      messageMarker: false,
    },
  } as unknown as RunConfig;
  const options = {
    statsd: statsd.enabled ?? true,
    'statsd-host': statsd.host ?? '127.0.0.1',
    'statsd-port': statsd.port ?? 8125,
    'statsd-namespace': statsd.namespace ?? 'tcpkali',
    ...(statsd.latencyWindow !== undefined ? { 'statsd-latency-window': statsd.latencyWindow } : {}),
  };
  return {
    config,
    options,
    interactive: false,
    log,
    histogram,
    text: { write: () => {} },
    result: () => {
      throw new Error('the StatsD output does not read the result document');
    },
  };
}

/** A histogram as the host keeps it, values in microseconds. */
export function histogram(): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

export const encode = (h: hdr.Histogram): string => hdr.encodeIntoCompressedBase64(h);

/** hot-shots in mock mode: every line it would send, in order, with the namespace applied. */
export function mockClient() {
  let client: (StatsdClient & { mockBuffer?: string[] }) | undefined;
  const factory: ClientFactory = (o) => {
    client = hotShotsClient(o, true);
    return client;
  };
  let seen = 0;
  /** Lines sent since the previous call. */
  const take = () => {
    const all = client?.mockBuffer ?? [];
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
  };
  return { factory, take };
}
