import type { RunResult } from 'kali';

/** A real HdrHistogram (1000, 2000, 3000 and 4001 µs), compressed base64 as the host writes it. */
export const SAMPLE_HISTOGRAM =
  'HISTFAAAADB4nJNpmSzMwMDAw8DAwMjAwMDMAAEgNsO1yUsYYPzz/Exn+ZmmcjA9ZWcCAItZBrE=';

/**
 * A complete result document written by hand from the RunResult type, with every part present:
 * a latency metric and a counter, two interval records, a threshold. Each call returns a fresh
 * copy that tests may break.
 */
export function sampleResult(): RunResult {
  return {
    $schema: 'urn:kali:result-schema:1.0',
    schemaVersion: '1.0',
    kali: { version: '0.1.0', apiVersion: '1.1', node: 'v20.19.0' },
    command: {
      argv: ['-T2s', '-c2', '-m', 'hello world', '127.0.0.1:9000'],
      line: "-T2s -c2 -m 'hello world' 127.0.0.1:9000",
    },
    config: { connections: 2, duration: 2, channelLifetime: null, latency: { percentiles: ['95'] } },
    status: 'complete',
    time: {
      start: '2025-01-31T12:00:00.000Z',
      end: '2025-01-31T12:00:02.010Z',
      steadyStart: '2025-01-31T12:00:00.010Z',
      steadyEnd: '2025-01-31T12:00:02.010Z',
      steadySeconds: 2,
      totalSeconds: 2.01,
    },
    connections: {
      opened: { in: 0, out: 0 },
      openAtEnd: { in: 2, out: 2 },
      closedByPeer: { in: 0, out: 0 },
      failed: { total: 0, timedOut: 0, byReason: {} },
      run: {
        opened: { in: 2, out: 2 },
        closedByPeer: { in: 0, out: 0 },
        failed: { total: 1, timedOut: 0, byReason: { ECONNREFUSED: 1 } },
      },
    },
    traffic: {
      bytes: { in: 1000, out: 2000 },
      messages: { in: 100, out: 200 },
      reads: 50,
      writes: 60,
      rates: { bits: { in: 4000, out: 8000 }, messages: { in: 50, out: 100 }, bitsPerChannel: 3000 },
      messageMarkers: true,
    },
    metrics: {
      connect: {
        kind: 'latency',
        title: 'TCP connect latency',
        plugin: 'connect',
        origin: 'declared',
        window: 'run',
        count: 4,
        min: 1,
        mean: 2.5,
        stdev: 1.118,
        max: 4.001,
        percentiles: { '50': 2, '90': 4.001, '95': 4.001, '99': 4.001, '99.9': 4.001 },
        histogram: SAMPLE_HISTOGRAM,
      },
      'redis.ok': {
        kind: 'counter',
        title: 'redis ok',
        plugin: 'redis',
        origin: 'requests',
        window: 'steady',
        total: 200,
        perSecond: 100,
      },
    },
    intervalSeconds: 1,
    intervals: [
      {
        start: 0,
        end: 1,
        phase: 'steady',
        open: { in: 2, out: 2 },
        connecting: 0,
        opened: { in: 2, out: 2 },
        failed: 1,
        bytes: { in: 500, out: 1000 },
        messages: { in: 50, out: 100 },
        rates: { bits: { in: 4000, out: 8000 }, messages: { in: 50, out: 100 } },
        metrics: {
          connect: {
            kind: 'latency',
            count: 4,
            mean: 2.5,
            max: 4.001,
            percentiles: { '50': 2, '95': 4.001 },
          },
          'redis.ok': { kind: 'counter', total: 100, perSecond: 100 },
        },
      },
      {
        start: 1,
        end: 2.01,
        phase: 'steady',
        open: { in: 2, out: 2 },
        connecting: 0,
        opened: { in: 0, out: 0 },
        failed: 0,
        bytes: { in: 500, out: 1000 },
        messages: { in: 50, out: 100 },
        rates: { bits: { in: 3960.4, out: 7920.8 }, messages: { in: 49.5, out: 99 } },
        metrics: {
          connect: { kind: 'latency', count: 0, mean: 0, max: 0, percentiles: { '50': 0, '95': 0 } },
          'redis.ok': { kind: 'counter', total: 100, perSecond: 99 },
        },
      },
    ],
    thresholds: [
      {
        expression: 'connect.p99<5ms',
        figure: 'connect.p99',
        value: 4.001,
        operator: '<',
        limit: 5,
        unit: 'ms',
        passed: true,
      },
    ],
    exitStatus: 0,
  };
}

/** The same run as it looks mid-way: what `OutputContext.result()` returns. */
export function samplePartial(): RunResult {
  const doc = sampleResult();
  doc.status = 'partial';
  doc.time.end = null;
  doc.time.steadyEnd = null;
  doc.exitStatus = null;
  doc.thresholds = [];
  doc.intervals = doc.intervals.slice(0, 1);
  return doc;
}
