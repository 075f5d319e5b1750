import * as hdr from 'hdr-histogram-js';
import type { IntervalRecord, LatencyResult, RunResult } from 'kali';

/**
 * A result document as a 12-second run would leave it (2 s of ramp-up, then steady), made by
 * hand until the host writes them: two latency metrics whose histograms are real HdrHistogram
 * encodings of microsecond samples, counters, an interval record per second and two verdicts.
 * The message is user input with markup in it, to prove the page escapes it.
 */
export const HOSTILE_MESSAGE = '<script>document.body.dataset.injected="yes"</script>&"\'';

export function fixtureResult(): RunResult {
  const random = seeded(42);
  const connect = histogram();
  for (let i = 0; i < 20; i++) connect.recordValue(150 + Math.round(random() * 400));
  const message = histogram();
  for (let i = 0; i < 20_000; i++) message.recordValue(latencyUs(random));
  const intervals = Array.from({ length: 12 }, (_, i) => interval(i, random));
  return {
    $schema: 'urn:kali:result-schema:1.0',
    schemaVersion: '1.0',
    kali: { version: '0.1.0', apiVersion: '1.1', node: 'v20.20.2' },
    command: {
      argv: ['-T10s', '-c20', '-m', HOSTILE_MESSAGE, '--latency-marker', 'hello', '127.0.0.1:9000'],
      line: `-T10s -c20 -m '${HOSTILE_MESSAGE.replace(/'/g, `'\\''`)}' --latency-marker hello 127.0.0.1:9000`,
    },
    config: {
      destinations: [{ text: '127.0.0.1:9000', host: '127.0.0.1', port: 9000, path: '' }],
      connections: 20,
      connectRate: 100,
      connectTimeout: 1,
      channelLifetime: null,
      duration: 10,
      messageRate: { kind: 'fixed', perSecond: 100 },
      latency: { connect: true, firstByte: false, markerSkip: 0, percentiles: [], messageMarker: false },
      workers: 2,
      websocket: false,
      ssl: false,
      outputs: [],
      pluginOptions: { html: { report: 'out.html' } },
    },
    status: 'complete',
    time: {
      start: '2025-11-26T03:00:00.000Z',
      end: '2025-11-26T03:00:12.004Z',
      steadyStart: '2025-11-26T03:00:02.000Z',
      steadyEnd: '2025-11-26T03:00:12.000Z',
      steadySeconds: 10,
      totalSeconds: 12.004,
    },
    connections: {
      opened: { in: 0, out: 0 },
      openAtEnd: { in: 0, out: 20 },
      closedByPeer: { in: 0, out: 0 },
      failed: { total: 0, timedOut: 0, byReason: {} },
      run: {
        opened: { in: 0, out: 20 },
        closedByPeer: { in: 0, out: 0 },
        failed: { total: 0, timedOut: 0, byReason: {} },
      },
    },
    traffic: {
      bytes: { in: 1_000_000, out: 1_000_000 },
      messages: { in: 20_000, out: 20_000 },
      reads: 19_500,
      writes: 20_000,
      rates: {
        bits: { in: 800_000, out: 800_000 },
        messages: { in: 2000, out: 2000 },
        bitsPerChannel: 80_000,
      },
      messageMarkers: true,
    },
    metrics: {
      connect: latencyResult(connect, 'Connect latency', '@kali/measure-latency', 'declared', 'run'),
      message: latencyResult(message, 'Message latency', '@kali/measure-latency', 'requests', 'steady'),
      'message.ok': {
        kind: 'counter',
        title: 'Replies',
        plugin: '@kali/measure-latency',
        origin: 'requests',
        window: 'steady',
        total: 20_000,
        perSecond: 2000,
      },
      'message.timeout': {
        kind: 'counter',
        title: 'Timed-out requests',
        plugin: '@kali/measure-latency',
        origin: 'requests',
        window: 'steady',
        total: 0,
        perSecond: 0,
      },
    },
    intervalSeconds: 1,
    intervals,
    thresholds: [
      {
        expression: 'message.p99<5ms',
        figure: 'message.p99',
        value: message.getValueAtPercentile(99) / 1000,
        operator: '<',
        limit: 5,
        unit: 'ms',
        passed: true,
      },
      {
        expression: 'message.p99.9<1ms',
        figure: 'message.p99.9',
        value: message.getValueAtPercentile(99.9) / 1000,
        operator: '<',
        limit: 1,
        unit: 'ms',
        passed: false,
      },
    ],
    exitStatus: 1,
  };
}

/** A histogram without a sample, encoded as the host writes one for a metric nothing recorded. */
export function emptyHistogram(): string {
  return hdr.encodeIntoCompressedBase64(histogram());
}

function histogram(): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

/** Mostly 200–600 µs, with a slow tail out to tens of milliseconds: a spectrum worth drawing. */
function latencyUs(random: () => number): number {
  const r = random();
  if (r < 0.99) return 200 + Math.round(random() * 400);
  if (r < 0.999) return 1000 + Math.round(random() * 4000);
  return 10_000 + Math.round(random() * 30_000);
}

function latencyResult(
  h: hdr.Histogram,
  title: string,
  plugin: string,
  origin: 'declared' | 'requests',
  window: 'steady' | 'run',
): LatencyResult {
  const ms = (us: number) => us / 1000;
  return {
    kind: 'latency',
    title,
    plugin,
    origin,
    window,
    count: h.totalCount,
    min: ms(h.minNonZeroValue),
    mean: ms(h.mean),
    stdev: ms(h.stdDeviation),
    max: ms(h.maxValue),
    percentiles: Object.fromEntries(
      [50, 90, 99, 99.9].map((p) => [String(p), ms(h.getValueAtPercentile(p))]),
    ),
    histogram: hdr.encodeIntoCompressedBase64(h),
  };
}

function interval(i: number, random: () => number): IntervalRecord {
  const ramping = i < 2;
  const open = ramping ? (i + 1) * 10 : 20;
  const messages = ramping ? 0 : 1900 + Math.round(random() * 200);
  const bytes = messages * 50;
  const p50 = 0.35 + random() * 0.1;
  return {
    start: i,
    end: i + 1,
    phase: ramping ? 'ramp-up' : 'steady',
    open: { in: 0, out: open },
    connecting: ramping ? 10 : 0,
    opened: { in: 0, out: ramping ? 10 : 0 },
    failed: 0,
    bytes: { in: bytes, out: bytes },
    messages: { in: messages, out: messages },
    rates: { bits: { in: bytes * 8, out: bytes * 8 }, messages: { in: messages, out: messages } },
    metrics: {
      connect: ramping
        ? {
            kind: 'latency',
            count: 10,
            mean: 0.3,
            max: 0.55,
            percentiles: { '50': 0.3, '90': 0.5, '99': 0.55, '99.9': 0.55 },
          }
        : { kind: 'latency', count: 0, mean: 0, max: 0, percentiles: {} },
      message: ramping
        ? { kind: 'latency', count: 0, mean: 0, max: 0, percentiles: {} }
        : {
            kind: 'latency',
            count: messages,
            mean: p50 * 1.1,
            max: 12 + random() * 20,
            percentiles: { '50': p50, '90': p50 * 1.5, '99': p50 * 4, '99.9': 8 + random() * 4 },
          },
      'message.ok': { kind: 'counter', total: messages, perSecond: messages },
    },
  };
}

/** A linear congruential generator: the same fixture in every test, no dependency. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
