import { encodeHistogram, newHistogram } from '../../src/engine/histogram.js';
import { histogramView } from '../../src/engine/histogram-view.js';
import type { CounterResult, LatencyResult, RunResult } from '../../src/interfaces/result.js';

/** A latency metric as a run writes it, from samples in microseconds. */
export function latencyMetric(
  samplesUs: readonly number[],
  labels: readonly string[] = ['50', '90', '95', '99', '99.5', '99.9'],
  title = 'Message latency',
): LatencyResult {
  const h = newHistogram();
  for (const v of samplesUs) h.recordValue(v);
  const view = histogramView(h);
  return {
    kind: 'latency',
    title,
    plugin: 'latency',
    origin: 'declared',
    window: 'steady',
    count: view.count,
    min: view.minUs / 1000,
    mean: view.meanUs / 1000,
    stdev: view.stdevUs / 1000,
    max: view.maxUs / 1000,
    percentiles: Object.fromEntries(labels.map((l) => [l, view.percentile(Number(l)) / 1000])),
    histogram: encodeHistogram(h),
  };
}

export function counterMetric(total: number, seconds: number, title = 'Redis error replies'): CounterResult {
  return {
    kind: 'counter',
    title,
    plugin: 'redis',
    origin: 'requests',
    window: 'steady',
    total,
    perSecond: seconds > 0 ? total / seconds : 0,
  };
}

export interface Figures {
  seconds?: number;
  bytesIn?: number;
  bytesOut?: number;
  msgsIn?: number;
  msgsOut?: number;
  open?: number;
  failed?: number;
  start?: string;
  end?: string;
  exitStatus?: number | null;
  metrics?: RunResult['metrics'];
}

/** A complete result document with the given figures; everything else plausible and small. */
export function makeResult(f: Figures = {}): RunResult {
  const seconds = f.seconds ?? 10;
  const bytesIn = f.bytesIn ?? 1000;
  const bytesOut = f.bytesOut ?? 2000;
  const msgsIn = f.msgsIn ?? 10;
  const msgsOut = f.msgsOut ?? 20;
  const open = f.open ?? 2;
  const failed = f.failed ?? 0;
  const rate = (n: number) => (seconds > 0 ? n / seconds : 0);
  const start = f.start ?? '2025-01-31T12:00:00.000Z';
  const end = f.end ?? new Date(Date.parse(start) + (seconds + 1) * 1000).toISOString();
  return {
    $schema: 'urn:kali:result-schema:1.0',
    schemaVersion: '1.0',
    kali: { version: '0.1.0', apiVersion: '1.1', node: process.version },
    command: { argv: ['-T10s', '127.0.0.1:1'], line: '-T10s 127.0.0.1:1' },
    config: {
      destinations: [{ text: '127.0.0.1:1', host: '127.0.0.1', port: 1, path: '' }],
      duration: seconds,
      channelLifetime: null,
      latency: {
        connect: false,
        firstByte: false,
        markerSkip: 0,
        percentiles: [
          { value: 95, label: '95' },
          { value: 99, label: '99' },
          { value: 99.5, label: '99.5' },
        ],
        messageMarker: true,
      },
      outputs: [],
      pluginOptions: {},
    },
    status: 'complete',
    time: {
      start,
      end,
      steadyStart: new Date(Date.parse(start) + 1000).toISOString(),
      steadyEnd: end,
      steadySeconds: seconds,
      totalSeconds: seconds + 1,
    },
    connections: {
      opened: { in: open / 2, out: open / 2 },
      openAtEnd: { in: open / 2, out: open / 2 },
      closedByPeer: { in: 0, out: 0 },
      failed: { total: failed, timedOut: 0, byReason: failed > 0 ? { ECONNREFUSED: failed } : {} },
      run: {
        opened: { in: open / 2, out: open / 2 },
        closedByPeer: { in: 0, out: 0 },
        failed: { total: failed, timedOut: 0, byReason: failed > 0 ? { ECONNREFUSED: failed } : {} },
      },
    },
    traffic: {
      bytes: { in: bytesIn, out: bytesOut },
      messages: { in: msgsIn, out: msgsOut },
      reads: 5,
      writes: 7,
      rates: {
        bits: { in: rate(bytesIn * 8), out: rate(bytesOut * 8) },
        messages: { in: rate(msgsIn), out: rate(msgsOut) },
        bitsPerChannel: rate((bytesIn + bytesOut) * 8) / Math.max(1, open),
      },
      messageMarkers: true,
    },
    metrics: f.metrics ?? {},
    intervalSeconds: null,
    intervals: [],
    thresholds: [],
    exitStatus: f.exitStatus === undefined ? 0 : f.exitStatus,
  };
}
