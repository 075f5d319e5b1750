import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeHistogram, newHistogram } from '../../src/engine/histogram.js';
import { addConnections, addTraffic, StatsMerger } from '../../src/engine/stats-merger.js';
import { zeroConnections, zeroTraffic } from '../../src/engine/worker/counters.js';
import type { ConnectionCounters, TrafficCounters, WorkerStats } from '../../src/interfaces/stats.js';

function worker(
  n: number,
  traffic: Partial<TrafficCounters> = {},
  conns: Partial<ConnectionCounters> = {},
): WorkerStats {
  return {
    worker: n,
    at: 0,
    failureReasons: {},
    steady: true,
    counters: {},
    traffic: { ...zeroTraffic(), ...traffic },
    conns: { ...zeroConnections(), ...conns },
    latency: {},
  };
}

describe('addTraffic / addConnections', { timeout: 10_000 }, () => {
  it('adds every field, and subtracts with sign -1', () => {
    const a = { bytesSent: 10, bytesRcvd: 20, writes: 1, reads: 2, msgsSent: 3, msgsRcvd: 4 };
    const b = { bytesSent: 1, bytesRcvd: 2, writes: 1, reads: 1, msgsSent: 1, msgsRcvd: 1 };
    assert.deepEqual(addTraffic({ ...a }, b), {
      bytesSent: 11,
      bytesRcvd: 22,
      writes: 2,
      reads: 3,
      msgsSent: 4,
      msgsRcvd: 5,
    });
    assert.deepEqual(addTraffic({ ...a }, b, -1), {
      bytesSent: 9,
      bytesRcvd: 18,
      writes: 0,
      reads: 1,
      msgsSent: 2,
      msgsRcvd: 3,
    });
  });

  it('adds every connection counter', () => {
    const one = {
      openIn: 1,
      openOut: 2,
      connecting: 3,
      initiated: 4,
      accepted: 5,
      failures: 6,
      timeouts: 7,
      closedByPeerIn: 8,
      closedByPeerOut: 9,
    };
    assert.deepEqual(addConnections({ ...one }, one), {
      openIn: 2,
      openOut: 4,
      connecting: 6,
      initiated: 8,
      accepted: 10,
      failures: 12,
      timeouts: 14,
      closedByPeerIn: 16,
      closedByPeerOut: 18,
    });
  });
});

describe('StatsMerger', { timeout: 10_000 }, () => {
  it('totals the latest report of every worker, ignoring silent ones', () => {
    const m = new StatsMerger(3);
    m.update(worker(0, { bytesSent: 100 }, { openOut: 2 }));
    m.update(worker(2, { bytesSent: 50, bytesRcvd: 7 }, { openIn: 1 }));
    const t = m.totals();
    assert.equal(t.traffic.bytesSent, 150);
    assert.equal(t.traffic.bytesRcvd, 7);
    assert.equal(t.conns.openOut, 2);
    assert.equal(t.conns.openIn, 1);
  });

  it('replaces a worker’s figures rather than adding them: reports are cumulative', () => {
    const m = new StatsMerger(1);
    m.update(worker(0, { bytesSent: 100 }));
    m.update(worker(0, { bytesSent: 250 }));
    assert.equal(m.totals().traffic.bytesSent, 250);
  });

  it('hands out copies: changing a total does not change the next one', () => {
    const m = new StatsMerger(1);
    const stats = worker(0, { bytesSent: 100 });
    m.update(stats);
    m.totals().traffic.bytesSent = 0;
    assert.equal(m.totals().traffic.bytesSent, 100);
    assert.equal(stats.traffic.bytesSent, 100);
  });

  it('has no rate before the second sample', () => {
    const m = new StatsMerger(1);
    m.update(worker(0, { bytesSent: 1_000_000 }));
    m.sample(1);
    assert.deepEqual(m.rates(), { rateBitsIn: 0, rateBitsOut: 0, rateMsgsIn: 0, rateMsgsOut: 0 });
  });

  it('converges on a steady rate, in bits per second', () => {
    const m = new StatsMerger(2);
    // 1000 bytes/s out and 500 bytes/s in from each worker, sampled four times a second for a minute.
    for (let i = 0; i <= 240; i++) {
      const t = i / 4;
      m.update(worker(0, { bytesSent: 1000 * t, bytesRcvd: 500 * t, msgsSent: 10 * t }));
      m.update(worker(1, { bytesSent: 1000 * t, bytesRcvd: 500 * t, msgsRcvd: 4 * t }));
      m.sample(100 + t);
    }
    const r = m.rates();
    assert.ok(Math.abs(r.rateBitsOut - 16_000) < 1, String(r.rateBitsOut));
    assert.ok(Math.abs(r.rateBitsIn - 8_000) < 1, String(r.rateBitsIn));
    assert.ok(Math.abs(r.rateMsgsOut - 10) < 0.01, String(r.rateMsgsOut));
    assert.ok(Math.abs(r.rateMsgsIn - 4) < 0.01, String(r.rateMsgsIn));
  });

  it('smooths a jump instead of following it at once', () => {
    const m = new StatsMerger(1);
    m.update(worker(0));
    m.sample(10);
    m.update(worker(0, { bytesSent: 1000 }));
    m.sample(11);
    const { rateBitsOut } = m.rates();
    assert.ok(rateBitsOut > 0 && rateBitsOut < 8000, String(rateBitsOut));
  });

  it('ignores a sample taken at the same instant as the previous one', () => {
    const m = new StatsMerger(1);
    m.update(worker(0));
    m.sample(5);
    m.update(worker(0, { bytesSent: 1000 }));
    m.sample(5);
    assert.equal(m.rates().rateBitsOut, 0);
    assert.ok(Number.isFinite(m.rates().rateBitsOut));
  });

  it('adds up the latency deltas of every worker report', () => {
    const delta = (...micros: number[]) => {
      const h = newHistogram();
      for (const us of micros) h.recordValue(us);
      return encodeHistogram(h);
    };
    const m = new StatsMerger(2);
    assert.ok(Number.isNaN(m.p95(['connect']).connect), 'no samples yet: p95 is NaN');
    // Workers send what they recorded since their previous report, so every report adds up.
    m.update({ ...worker(0), latency: { connect: delta(1_000, 2_000) } });
    m.update({ ...worker(1), latency: { connect: delta(3_000) } });
    m.update({ ...worker(0), latency: { connect: delta(4_000) } });
    const s = m.summary('connect', 'TCP connect latency', [
      { value: 50, label: '50' },
      { value: 100, label: '100' },
    ]);
    assert.equal(s.count, 4);
    assert.equal(s.title, 'TCP connect latency');
    assert.ok(Math.abs(s.minMs - 1) < 0.01, String(s.minMs));
    assert.ok(Math.abs(s.maxMs - 4) < 0.01, String(s.maxMs));
    assert.ok(Math.abs(s.meanMs - 2.5) < 0.01, String(s.meanMs));
    assert.deepEqual(
      s.percentiles.map((p) => [p.label, Math.round(p.ms)]),
      [
        ['50', 2],
        ['100', 4],
      ],
    );
    assert.ok(Math.abs(m.p95(['connect']).connect - 4) < 0.01);
  });

  it('summarises a metric without samples as zeros', () => {
    const s = new StatsMerger(1).summary('firstbyte', 'First byte latency', [{ value: 95, label: '95' }]);
    assert.equal(s.count, 0);
    assert.deepEqual([s.minMs, s.meanMs, s.maxMs, s.percentiles[0].ms], [0, 0, 0, 0]);
  });
});
