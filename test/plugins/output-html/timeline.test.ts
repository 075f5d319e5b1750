import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timelineCharts } from '../../../plugins/output-html/src/timeline.js';
import { fixtureResult } from './fixture-result.js';

describe('timeline charts from interval records', () => {
  const result = fixtureResult();
  const charts = timelineCharts(result);
  const chart = (id: string) => {
    const c = charts.find((x) => x.id === id);
    assert.ok(c, `no chart ${id} among ${charts.map((x) => x.id).join(', ')}`);
    return c;
  };

  it('draw traffic, messages, latency and connections against the end of each interval', () => {
    assert.deepEqual(
      charts.map((c) => c.id),
      ['timeline-bits', 'timeline-messages', 'timeline-latency', 'timeline-connections'],
    );
    for (const c of charts) {
      assert.equal(c.kind, 'timeline');
      assert.deepEqual(c.x, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      for (const s of c.series) assert.equal(s.values.length, c.x.length, `${c.id} ${s.label}`);
    }
  });

  it('take the rates of each interval as they are, sent first', () => {
    const bits = chart('timeline-bits');
    assert.equal(bits.unit, 'bit/s');
    assert.deepEqual(
      bits.series.map((s) => s.label),
      ['sent', 'received'],
    );
    assert.deepEqual(
      bits.series[0].values,
      result.intervals.map((r) => r.rates.bits.out),
    );
    assert.deepEqual(
      bits.series[1].values,
      result.intervals.map((r) => r.rates.bits.in),
    );
    assert.deepEqual(
      chart('timeline-messages').series[0].values,
      result.intervals.map((r) => r.rates.messages.out),
    );
  });

  it('give p50 and p99 of every latency metric, with gaps where an interval had no sample', () => {
    const latency = chart('timeline-latency');
    assert.equal(latency.unit, 'ms');
    assert.deepEqual(
      latency.series.map((s) => s.label),
      ['connect p50', 'connect p99', 'message p50', 'message p99'],
    );
    const [connectP50, , messageP50, messageP99] = latency.series.map((s) => s.values);
    // Connections were made during the 2 s of ramp-up, messages flowed after it.
    assert.deepEqual(connectP50.slice(0, 3), [0.3, 0.3, null]);
    assert.deepEqual(messageP50.slice(0, 2), [null, null]);
    const third = result.intervals[2].metrics.message;
    assert.equal(third.kind, 'latency');
    assert.equal(messageP50[2], third.percentiles['50']);
    assert.equal(messageP99[2], third.percentiles['99']);
  });

  it('find percentiles by value, whatever label the user typed', () => {
    const typed = fixtureResult();
    for (const r of typed.intervals) {
      const m = r.metrics.message;
      if (m.kind === 'latency' && m.count > 0) m.percentiles = { '50.0': 1.5, '99.00': 7 };
    }
    const latency = timelineCharts(typed).find((c) => c.id === 'timeline-latency');
    assert.equal(latency?.series[2].values[5], 1.5);
    assert.equal(latency?.series[3].values[5], 7);
  });

  it('leave out a side that never had a connection, and a message chart when nothing counts them', () => {
    assert.deepEqual(
      chart('timeline-connections').series.map((s) => s.label),
      ['outgoing'],
    );
    const unmarked = fixtureResult();
    for (const r of unmarked.intervals) {
      r.messages.in = 0;
      r.rates.messages.in = 0;
    }
    assert.deepEqual(
      timelineCharts(unmarked)
        .find((c) => c.id === 'timeline-messages')
        ?.series.map((s) => s.label),
      ['sent'],
    );
    const silent = fixtureResult();
    for (const r of silent.intervals) r.messages = { in: 0, out: 0 };
    assert.ok(!timelineCharts(silent).some((c) => c.id === 'timeline-messages'));
  });

  it('are none without interval records (a merged result, say)', () => {
    assert.deepEqual(timelineCharts({ ...fixtureResult(), intervals: [], intervalSeconds: null }), []);
  });
});
