import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addEncoded, encodeHistogram, newHistogram } from '../../src/engine/histogram.js';
import { histogramView } from '../../src/engine/histogram-view.js';
import { KaliError } from '../../src/errors/index.js';
import type { IntervalRecord, LatencyResult, RunResult } from '../../src/interfaces/result.js';
import { mergeResults } from '../../src/results/merge-results.js';
import { validateResult } from '../helpers/result-schema.js';
import { counterMetric, latencyMetric, makeResult } from './fixtures.js';

describe('mergeResults', () => {
  it('sums counts, connections and failure reasons; rates divide by the longest steady phase', () => {
    const a = makeResult({ seconds: 10, bytesIn: 1000, bytesOut: 2000, msgsIn: 10, msgsOut: 20, open: 2 });
    const b = makeResult({
      seconds: 8,
      bytesIn: 500,
      bytesOut: 700,
      msgsIn: 5,
      msgsOut: 7,
      open: 4,
      failed: 3,
    });
    b.connections.run.failed.byReason = { ECONNREFUSED: 2, ETIMEDOUT: 1 };
    b.connections.run.failed.timedOut = 1;
    a.connections.run.failed = { total: 1, timedOut: 0, byReason: { ECONNREFUSED: 1 } };
    const m = mergeResults([a, b]);
    assert.deepEqual(m.traffic.bytes, { in: 1500, out: 2700 });
    assert.deepEqual(m.traffic.messages, { in: 15, out: 27 });
    assert.equal(m.traffic.reads, 10);
    assert.equal(m.traffic.writes, 14);
    assert.equal(m.time.steadySeconds, 10);
    assert.deepEqual(m.traffic.rates.bits, { in: 1200, out: 2160 });
    assert.deepEqual(m.traffic.rates.messages, { in: 1.5, out: 2.7 });
    // Both directions over the 6 connections open at the end.
    assert.equal(m.traffic.rates.bitsPerChannel, (1200 + 2160) / 6);
    assert.deepEqual(m.connections.openAtEnd, { in: 3, out: 3 });
    assert.deepEqual(m.connections.failed, { total: 3, timedOut: 0, byReason: { ECONNREFUSED: 3 } });
    assert.deepEqual(m.connections.run.failed, {
      total: 4,
      timedOut: 1,
      byReason: { ECONNREFUSED: 3, ETIMEDOUT: 1 },
    });
    assert.equal(m.traffic.messageMarkers, true);
  });

  it('is marked merged, spans the earliest start to the latest end, keeps the worst exit status', () => {
    const a = makeResult({ start: '2025-01-31T12:00:00.000Z', end: '2025-01-31T12:00:11.000Z' });
    const b = makeResult({
      start: '2025-01-31T12:00:02.000Z',
      end: '2025-01-31T12:00:14.500Z',
      exitStatus: 99,
    });
    const c = makeResult({ exitStatus: 1 });
    b.thresholds = [
      {
        expression: 'message.p99<5ms',
        figure: 'message.p99',
        value: 9,
        operator: '<',
        limit: 5,
        unit: 'ms',
        passed: false,
      },
    ];
    const m = mergeResults([a, b, c]);
    assert.equal(m.status, 'merged');
    assert.equal(m.mergedFrom, 3);
    assert.equal(m.exitStatus, 99);
    assert.equal(m.time.start, '2025-01-31T12:00:00.000Z');
    assert.equal(m.time.end, '2025-01-31T12:00:14.500Z');
    assert.equal(m.time.totalSeconds, 14.5);
    assert.deepEqual(m.thresholds, [], 'the parts were judged, not the whole');
    assert.deepEqual(m.command, a.command);
    assert.deepEqual(m.config, a.config);
    assert.equal(mergeResults([makeResult(), makeResult()]).exitStatus, 0);
    assert.equal(mergeResults([makeResult(), makeResult({ exitStatus: null })]).exitStatus, null);
  });

  it('counts the runs behind merged inputs', () => {
    const ab = mergeResults([makeResult(), makeResult()]);
    assert.equal(mergeResults([ab, makeResult()]).mergedFrom, 3);
  });

  it('writes a document that follows docs/result.schema.json', () => {
    const a = makeResult({
      metrics: { message: latencyMetric([100, 200]), 'redis.error': counterMetric(1, 10) },
    });
    const b = makeResult({ metrics: { message: latencyMetric([300]), 'redis.error': counterMetric(2, 10) } });
    validateResult(mergeResults([a, b]));
  });

  it('sums counters and recomputes their rates', () => {
    const a = makeResult({ seconds: 10, metrics: { 'redis.error': counterMetric(5, 10) } });
    const b = makeResult({
      seconds: 5,
      metrics: { 'redis.error': counterMetric(3, 5), 'redis.ok': counterMetric(7, 5) },
    });
    const m = mergeResults([a, b]).metrics;
    assert.deepEqual([m['redis.error'].kind, (m['redis.error'] as { total: number }).total], ['counter', 8]);
    assert.equal((m['redis.error'] as { perSecond: number }).perSecond, 0.8);
    assert.equal((m['redis.ok'] as { total: number }).total, 7, 'a metric of one input only is kept');
  });

  it('adds histograms exactly: the figures of one histogram that recorded every sample', () => {
    const parts = [
      [120, 130, 150, 900, 1_000, 45_000],
      [80, 95, 2_500, 2_600, 2_700, 3_100_000],
      [1, 333, 333, 333, 70_000, 70_001, 12_345_678],
    ];
    const all = newHistogram();
    for (const v of parts.flat()) all.recordValue(v);
    const expected = histogramView(all);
    const results = parts.map((samples) => makeResult({ metrics: { message: latencyMetric(samples) } }));
    const m = mergeResults(results).metrics.message as LatencyResult;
    assert.equal(m.count, parts.flat().length);
    assert.equal(m.min, expected.minUs / 1000);
    assert.equal(m.max, expected.maxUs / 1000);
    assert.equal(m.mean, expected.meanUs / 1000);
    assert.equal(m.stdev, expected.stdevUs / 1000);
    for (const label of ['50', '90', '95', '99', '99.5', '99.9'])
      assert.equal(m.percentiles[label], expected.percentile(Number(label)) / 1000, `p${label}`);
    // The merged histogram itself holds the same buckets.
    const decoded = newHistogram();
    addEncoded(decoded, m.histogram);
    assert.deepEqual(histogramView(decoded).buckets(), expected.buckets());
    // Not an average of the parts' p50s, which this data makes visibly different.
    const averaged =
      results.reduce((s, r) => s + (r.metrics.message as LatencyResult).percentiles['50'], 0) / 3;
    assert.notEqual(m.percentiles['50'], averaged);
  });

  it('reports every percentile label any input carries', () => {
    const a = makeResult({ metrics: { message: latencyMetric([100, 200, 300], ['50', '99']) } });
    const b = makeResult({ metrics: { message: latencyMetric([400], ['50', '99.99']) } });
    const m = mergeResults([a, b]).metrics.message as LatencyResult;
    assert.deepEqual(Object.keys(m.percentiles), ['50', '99', '99.99']);
  });

  it('an empty histogram merges to zeros', () => {
    const m = mergeResults([makeResult({ metrics: { message: latencyMetric([]) } })]).metrics
      .message as LatencyResult;
    assert.deepEqual([m.count, m.min, m.mean, m.stdev, m.max, m.percentiles['99']], [0, 0, 0, 0, 0, 0]);
  });

  it('refuses a metric that is a counter in one input and a latency in another, naming both', () => {
    const a = makeResult({ metrics: { message: latencyMetric([100]) } });
    const b = makeResult({ metrics: { message: counterMetric(3, 10) } });
    assert.throws(
      () => mergeResults([a, b], ['a.json', 'b.json']),
      (err: unknown) =>
        err instanceof KaliError &&
        err.exitCode === 65 &&
        !err.message.includes('\n') &&
        /b\.json: metric "message" is a counter there but a latency in a\.json/.test(err.message),
    );
  });

  describe('intervals', () => {
    const record = (
      i: number,
      f: { bytes: number; count: number; mean: number; p99: number },
    ): IntervalRecord => ({
      start: i,
      end: i + 1,
      phase: 'steady',
      open: { in: 1, out: 1 },
      connecting: 0,
      opened: { in: 0, out: 0 },
      failed: 0,
      bytes: { in: f.bytes, out: 2 * f.bytes },
      messages: { in: 1, out: 1 },
      rates: { bits: { in: f.bytes * 8, out: f.bytes * 16 }, messages: { in: 1, out: 1 } },
      metrics: {
        message: {
          kind: 'latency',
          count: f.count,
          mean: f.mean,
          max: f.p99 * 2,
          percentiles: { '99': f.p99 },
        },
        'redis.error': { kind: 'counter', total: f.count, perSecond: f.count },
      },
    });
    const withIntervals = (seconds: number | null, records: IntervalRecord[]): RunResult => {
      const r = makeResult();
      r.intervalSeconds = seconds;
      r.intervals = records;
      return r;
    };

    it('merge by position when every input recorded at the same interval', () => {
      const a = withIntervals(1, [
        record(0, { bytes: 10, count: 1, mean: 1, p99: 1 }),
        record(1, { bytes: 20, count: 3, mean: 2, p99: 5 }),
      ]);
      const b = withIntervals(1, [record(0, { bytes: 30, count: 3, mean: 3, p99: 4 })]);
      const m = mergeResults([a, b]);
      assert.equal(m.intervalSeconds, 1);
      assert.equal(m.intervals.length, 2);
      const [first, second] = m.intervals;
      assert.deepEqual(first.bytes, { in: 40, out: 80 });
      assert.deepEqual(first.rates.bits, { in: 320, out: 640 });
      assert.deepEqual(first.open, { in: 2, out: 2 });
      assert.deepEqual(first.metrics['redis.error'], { kind: 'counter', total: 4, perSecond: 4 });
      const latency = first.metrics.message as Extract<
        IntervalRecord['metrics'][string],
        { kind: 'latency' }
      >;
      assert.equal(latency.count, 4);
      assert.equal(latency.mean, (1 * 1 + 3 * 3) / 4, 'means weighted by their counts');
      assert.equal(latency.max, 8);
      assert.equal(latency.percentiles['99'], 4, 'the highest of the inputs: an upper bound');
      assert.deepEqual(second.bytes, { in: 20, out: 40 });
      validateResult(m);
    });

    it('are dropped when the inputs recorded at different intervals', () => {
      const a = withIntervals(1, [record(0, { bytes: 10, count: 1, mean: 1, p99: 1 })]);
      const b = withIntervals(2, [record(0, { bytes: 10, count: 1, mean: 1, p99: 1 })]);
      const m = mergeResults([a, b]);
      assert.equal(m.intervalSeconds, null);
      assert.deepEqual(m.intervals, []);
    });
  });

  it('merging one result reproduces its figures', () => {
    const h = newHistogram();
    for (const v of [10, 20, 30_000]) h.recordValue(v);
    const r = makeResult({ metrics: { message: latencyMetric([10, 20, 30_000]) } });
    const m = mergeResults([r]);
    assert.deepEqual(m.metrics, r.metrics);
    assert.equal((m.metrics.message as LatencyResult).histogram, encodeHistogram(h));
    assert.deepEqual(m.traffic, r.traffic);
  });
});
