import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { finalReport } from '../../src/engine/final-report.js';
import { encodeHistogram, newHistogram } from '../../src/engine/histogram.js';
import { lostWorkerResult } from '../../src/engine/lost-worker.js';
import { StatsMerger } from '../../src/engine/stats-merger.js';
import { zeroConnections, zeroTraffic } from '../../src/engine/worker/counters.js';
import type { RunConfig } from '../../src/interfaces/config.js';
import type { WorkerStats } from '../../src/interfaces/stats.js';

function report(bytesSent: number, initiated: number, counter: number): WorkerStats {
  const h = newHistogram();
  h.recordValue(1000);
  return {
    worker: 1,
    at: 0,
    failureReasons: { ECONNREFUSED: initiated },
    steady: true,
    counters: { 'x.count': counter },
    traffic: { ...zeroTraffic(), bytesSent },
    conns: { ...zeroConnections(), initiated },
    latency: { message: encodeHistogram(h) },
  };
}

const config = { destinations: [], latency: { messageMarker: false } } as unknown as RunConfig;

describe('lostWorkerResult: the figures of a worker that never returned its own', () => {
  it('is nothing for a worker that never reported', () => {
    assert.equal(lostWorkerResult(undefined, undefined), undefined);
  });

  it('counts the steady phase from its last report before it', () => {
    const r = lostWorkerResult(report(5000, 3, 7), report(1000, 2, 4));
    assert.ok(r);
    assert.equal(finalReport([r], 1, config).traffic.bytesSent, 4000);
    assert.equal(r.steadyConns?.initiated, 2);
    assert.deepEqual(r.steadyCounters, { 'x.count': 4 });
    assert.deepEqual(r.steadyFailureReasons, { ECONNREFUSED: 2 });
  });

  it('without a report before the steady phase, counts everything it reported', () => {
    const r = lostWorkerResult(report(5000, 3, 7), undefined);
    assert.ok(r);
    assert.equal(finalReport([r], 1, config).traffic.bytesSent, 5000);
    assert.equal(r.steadyBaseline, undefined);
  });

  it('leaves out the latency deltas, which the run added when the report came', () => {
    const merger = new StatsMerger(2);
    const last = report(5000, 3, 7);
    merger.update(last);
    const r = lostWorkerResult(merger.lastReports()[1], undefined);
    assert.ok(r);
    // The run merges every final result once more; a lost worker's must not count twice.
    merger.update(r.stats);
    assert.equal(merger.histogram('message').totalCount, 1);
    assert.equal(last.latency.message !== undefined, true);
  });
});
