import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addEncoded, newHistogram } from '../../../src/engine/histogram.js';
import { Measurements } from '../../../src/engine/worker/measurements.js';
import type { MeasurementContext, MeasurementPlugin, Observer } from '../../../src/interfaces/measurement.js';

/** A measurement whose observer records whatever value onData's first byte says, on clients only. */
function byteValued(metric: string): MeasurementPlugin {
  return {
    kind: 'measurement',
    name: metric,
    title: metric,
    metric,
    description: metric,
    enabled: () => true,
    create(ctx): Observer<{ side: string }> {
      return {
        attach: (side) => (side === 'client' ? { side } : undefined),
        onData: (_state, data) => ctx.record(data[0]),
      };
    },
  };
}

function build(plugins: MeasurementPlugin[]): Measurements {
  return new Measurements(plugins, (_plugin, record) => ({ record }) as unknown as MeasurementContext);
}

function decode(encoded: string | undefined) {
  assert.ok(encoded !== undefined);
  const h = newHistogram();
  addEncoded(h, encoded);
  return h;
}

describe('Measurements (one worker)', () => {
  it('gives one state per observer, undefined where the observer ignores the connection', () => {
    const m = build([byteValued('a'), byteValued('b')]);
    assert.equal(m.active, true);
    assert.equal(m.attach('client', { uid: 1, ptr: 1 }, 0).length, 2);
    assert.deepEqual(m.attach('server', { uid: 2, ptr: 2 }, 0), [undefined, undefined]);
    assert.equal(build([]).active, false);
  });

  it('ships each metric’s samples once, as a delta, and leaves out metrics with none', () => {
    const m = build([byteValued('connect'), byteValued('message')]);
    const [c] = m.attach('client', { uid: 1, ptr: 1 }, 0);
    for (const v of [10, 20, 30]) m.observers[0].onData?.(c, Uint8Array.of(v), 0);
    const first = m.takeDeltas();
    assert.deepEqual(Object.keys(first), ['connect']);
    const h = decode(first.connect);
    assert.equal(h.totalCount, 3);
    assert.equal(h.maxValue, 30);
    assert.deepEqual(m.takeDeltas(), {});
    m.observers[0].onData?.(c, Uint8Array.of(40), 0);
    assert.equal(decode(m.takeDeltas().connect).totalCount, 1);
  });

  it('records a zero (sub-µs) latency as 1 µs rather than dropping it', () => {
    const m = build([byteValued('message')]);
    const [s] = m.attach('client', { uid: 1, ptr: 1 }, 0);
    m.observers[0].onData?.(s, Uint8Array.of(0), 0);
    const h = decode(m.takeDeltas().message);
    assert.equal(h.totalCount, 1);
    assert.equal(h.maxValue, 1);
  });
});
