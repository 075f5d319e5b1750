import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addEncoded, newHistogram } from '../../../src/engine/histogram.js';
import { Measurements } from '../../../src/engine/worker/measurements.js';
import { PluginMetrics } from '../../../src/engine/worker/plugin-metrics.js';
import type { MeasurementContext, MeasurementPlugin, Observer } from '../../../src/interfaces/measurement.js';
import type { RequestTracker } from '../../../src/interfaces/requests.js';

/** A measurement whose observer records whatever value onData's first byte says, on clients only. */
function byteValued(metric: string, requests = false): MeasurementPlugin {
  return {
    kind: 'measurement',
    name: metric,
    title: metric,
    metric,
    description: metric,
    ...(requests ? { requests: { metric, title: metric } } : {}),
    enabled: () => true,
    create(ctx): Observer<{ side: string; requests?: RequestTracker }> {
      return {
        attach: (side, _identity, _now, tracker) =>
          side === 'client' ? { side, requests: tracker } : undefined,
        onData: (_state, data) => ctx.record(data[0]),
      };
    },
  };
}

function build(plugins: MeasurementPlugin[], metrics = new PluginMetrics()): Measurements {
  return new Measurements(
    plugins,
    metrics,
    (_plugin, record) => ({ record }) as unknown as MeasurementContext,
  );
}

function decode(encoded: string | undefined) {
  assert.ok(encoded !== undefined);
  const h = newHistogram();
  addEncoded(h, encoded);
  return h;
}

const tracker = {} as RequestTracker;

describe('Measurements (one worker)', () => {
  it('gives one state per observer, undefined where the observer ignores the connection', () => {
    const m = build([byteValued('a'), byteValued('b')]);
    assert.equal(m.active, true);
    assert.equal(m.attach('client', { uid: 1, ptr: 1 }, 0, undefined).length, 2);
    assert.deepEqual(m.attach('server', { uid: 2, ptr: 2 }, 0, undefined), [undefined, undefined]);
    assert.equal(build([]).active, false);
  });

  it('hands the request tracker to the measurement that recognises replies, and to no other', () => {
    const m = build([byteValued('connect'), byteValued('message', true)]);
    const [c, msg] = m.attach('client', { uid: 1, ptr: 1 }, 0, tracker) as { requests?: RequestTracker }[];
    assert.equal(c.requests, undefined);
    assert.equal(msg.requests, tracker);
  });

  it('records into the worker’s metrics, shipped once as a delta; metrics without samples are left out', () => {
    const metrics = new PluginMetrics();
    const m = build([byteValued('connect'), byteValued('message')], metrics);
    const [c] = m.attach('client', { uid: 1, ptr: 1 }, 0, undefined);
    for (const v of [10, 20, 30]) m.observers[0].onData?.(c, Uint8Array.of(v), 0);
    const first = metrics.takeDeltas();
    assert.deepEqual(Object.keys(first), ['connect']);
    assert.equal(decode(first.connect).totalCount, 3);
    assert.deepEqual(metrics.takeDeltas(), {});
  });

  it('records a zero sample as 1 µs, the histogram’s floor', () => {
    const metrics = new PluginMetrics();
    const m = build([byteValued('message')], metrics);
    const [s] = m.attach('client', { uid: 1, ptr: 1 }, 0, undefined);
    m.observers[0].onData?.(s, Uint8Array.of(0), 0);
    const h = decode(metrics.takeDeltas().message);
    assert.equal(h.totalCount, 1);
    assert.equal(h.maxValue, 1);
  });
});

describe('PluginMetrics', () => {
  it('gives a plugin only the metrics it declared, and keeps counters cumulative', () => {
    const metrics = new PluginMetrics();
    const ctx = metrics.contextFor('redis', [
      { name: 'redis.errors', kind: 'counter', title: 'Redis errors' },
      { name: 'redis.rtt', kind: 'latency', title: 'RTT' },
    ]);
    const errors = ctx.counter('redis.errors');
    errors.add();
    errors.add(2);
    assert.deepEqual(metrics.counterValues(), { 'redis.errors': 3 });
    assert.throws(() => ctx.counter('redis.rtt'), /no counter metric "redis.rtt"/);
    assert.throws(() => ctx.latency('redis.typo'), /no latency metric "redis.typo"/);
    ctx.latency('redis.rtt').record(250);
    assert.equal(decode(metrics.takeDeltas()['redis.rtt']).totalCount, 1);
    assert.deepEqual(metrics.counterValues(), { 'redis.errors': 3 });
  });
});
