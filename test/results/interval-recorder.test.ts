import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newHistogram } from '../../src/engine/histogram.js';
import { zeroConnections, zeroTraffic } from '../../src/engine/worker/counters.js';
import type { ConnectionCounters, TrafficCounters } from '../../src/interfaces/stats.js';
import { IntervalRecorder, type IntervalSource } from '../../src/results/interval-recorder.js';

/** A source whose cumulative figures the test sets by hand. */
function source() {
  const state = {
    traffic: zeroTraffic() as TrafficCounters,
    conns: zeroConnections() as ConnectionCounters,
    counters: {} as Record<string, number>,
    latency: newHistogram(),
  };
  const src: IntervalSource = {
    totals: () => ({ traffic: { ...state.traffic }, conns: { ...state.conns } }),
    counters: () => ({ ...state.counters }),
    intervalHistogram: () => state.latency,
    resetInterval: () => state.latency.reset(),
  };
  return { state, src };
}

describe('IntervalRecorder', () => {
  it('gives each interval its own figures: differences, true rates, its own latency samples', () => {
    const { state, src } = source();
    const rec = new IntervalRecorder(
      src,
      [
        { name: 'message', kind: 'latency' },
        { name: 'redis.ok', kind: 'counter' },
      ],
      [{ value: 50, label: '50' }],
    );
    state.traffic.msgsRcvd = 100;
    state.traffic.bytesSent = 1000;
    state.conns.initiated = 4;
    state.conns.openOut = 4;
    state.counters['redis.ok'] = 10;
    for (let i = 0; i < 10; i++) state.latency.recordValue(2000);
    const first = rec.take(0.5, 'ramp-up');
    assert.equal(first.start, 0);
    assert.equal(first.end, 0.5);
    assert.deepEqual(first.messages, { in: 100, out: 0 });
    assert.deepEqual(first.rates.messages, { in: 200, out: 0 });
    assert.equal(first.rates.bits.out, 16000);
    assert.deepEqual(first.opened, { in: 0, out: 4 });
    assert.deepEqual(first.metrics['redis.ok'], { kind: 'counter', total: 10, perSecond: 20 });
    const lat = first.metrics.message;
    assert.equal(lat.kind === 'latency' && lat.count, 10);
    assert.equal(lat.kind === 'latency' && lat.percentiles['50'], 2);

    state.traffic.msgsRcvd = 150;
    state.counters['redis.ok'] = 12;
    state.latency.recordValue(8000);
    const second = rec.take(1.5, 'steady');
    assert.equal(second.start, 0.5);
    assert.deepEqual(second.messages, { in: 50, out: 0 });
    assert.deepEqual(second.rates.messages, { in: 50, out: 0 });
    assert.deepEqual(second.opened, { in: 0, out: 0 });
    assert.deepEqual(second.metrics['redis.ok'], { kind: 'counter', total: 2, perSecond: 2 });
    const only = second.metrics.message;
    // Not cumulative: the first interval's ten 2 ms samples are gone.
    assert.equal(only.kind === 'latency' && only.count, 1);
    assert.equal(only.kind === 'latency' && only.max, 8);
  });
});
