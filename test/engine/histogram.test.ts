import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addEncoded, encodeHistogram, type Histogram, newHistogram } from '../../src/engine/histogram.js';
import { StatsMerger } from '../../src/engine/stats-merger.js';
import { zeroConnections, zeroTraffic } from '../../src/engine/worker/counters.js';
import type { WorkerStats } from '../../src/interfaces/stats.js';

const PERCENTILES = [1, 50, 90, 95, 99, 99.5, 99.9, 100];

/** A latency-like spread in µs: mostly 0.2–30 ms, a tail up to a few seconds. Deterministic. */
function samples(n: number, seed: number): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const u = x / 2 ** 31;
    out.push(Math.round(u < 0.99 ? 200 + u * 30_000 : 30_000 + (u - 0.99) * 400_000_000));
  }
  return out;
}

/**
 * What a report can show. maxValue is left out: a decoded histogram only knows the top of the
 * max's bucket (percentile 100 stands for it, and is the same on both sides).
 */
function shape(h: Histogram) {
  return {
    count: h.totalCount,
    min: h.minNonZeroValue,
    mean: h.mean,
    percentiles: PERCENTILES.map((p) => h.getValueAtPercentile(p)),
  };
}

function workerStats(worker: number, latency: Record<string, string>): WorkerStats {
  return {
    worker,
    at: Date.now(),
    failureReasons: {},
    traffic: zeroTraffic(),
    conns: zeroConnections(),
    latency,
    steady: true,
    counters: {},
  };
}

describe('latency histograms', () => {
  it('several workers’ encoded histograms add up to one histogram of all samples', () => {
    const all = samples(50_000, 42);
    const whole = newHistogram();
    for (const v of all) whole.recordValue(v);
    const merged = newHistogram();
    for (let w = 0; w < 4; w++) {
      const h = newHistogram();
      for (let i = w; i < all.length; i += 4) h.recordValue(all[i]);
      addEncoded(merged, encodeHistogram(h));
    }
    assert.deepEqual(shape(merged), shape(whole));
  });

  it('StatsMerger adds every worker’s deltas, report after report, per metric', () => {
    const all = samples(20_000, 7);
    const whole = newHistogram();
    for (const v of all) whole.recordValue(v);
    const merger = new StatsMerger(3);
    // Each worker reports a delta every "interval"; the deltas partition the samples.
    const chunk = 1_000;
    for (let start = 0, report = 0; start < all.length; start += chunk, report++) {
      const h = newHistogram();
      for (const v of all.slice(start, start + chunk)) h.recordValue(v);
      const connect = newHistogram();
      connect.recordValue(report + 1);
      merger.update(
        workerStats(report % 3, { message: encodeHistogram(h), connect: encodeHistogram(connect) }),
      );
    }
    assert.deepEqual(shape(merger.histogram('message')), shape(whole));
    assert.equal(merger.histogram('connect').totalCount, all.length / chunk);
    // The rate search's window sees the same samples until it is reset.
    assert.equal(merger.window('message').totalCount, all.length);
    merger.resetWindow('message');
    assert.equal(merger.window('message').totalCount, 0);
    assert.equal(merger.histogram('message').totalCount, all.length);
    const summary = merger.summary('message', 'Message latency', [
      { value: 95, label: '95' },
      { value: 99, label: '99' },
    ]);
    assert.deepEqual(
      summary.percentiles.map((p) => p.ms),
      [95, 99].map((p) => whole.getValueAtPercentile(p) / 1000),
    );
    assert.equal(summary.count, all.length);
  });

  it('resolves microseconds: 20 ms reads back within 0.1 %, not tcpkali’s 0.1 ms steps', () => {
    const h = newHistogram();
    h.recordValue(20_123);
    const back = h.getValueAtPercentile(50);
    assert.ok(Math.abs(back - 20_123) <= 20_123 * 0.001, `${back}`);
    const small = newHistogram();
    small.recordValue(37);
    assert.equal(small.getValueAtPercentile(100), 37);
  });

  it('covers more than an hour, also after crossing threads', () => {
    const twoHours = 2 * 3_600_000_000;
    const h = newHistogram();
    h.recordValue(1_000);
    h.recordValue(twoHours);
    const merged = newHistogram();
    addEncoded(merged, encodeHistogram(h));
    assert.equal(merged.totalCount, 2);
    const max = merged.getValueAtPercentile(100);
    assert.ok(Math.abs(max - twoHours) <= twoHours * 0.001, `${max}`);
  });
});
