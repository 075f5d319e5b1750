import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KaliApi, MeasurementContext } from 'kali';
import factory from '../src/index.js';

const FLAG = '__PLUGIN_NAME__';

/** What kali hands the factory; its error() makes the one-line error kali prints. */
const kali: KaliApi = {
  apiVersion: '__KALI_API_VERSION__',
  exit: { FAILED: 1, USAGE: 64, DATA: 65, NO_HOST: 68, UNAVAILABLE: 69 },
  error: (message, exitCode = 1) => Object.assign(new Error(message), { exitCode }),
  describeError: (err) => (err instanceof Error ? err.message : String(err)),
  decodeHistogram: () => {
    throw new Error('not needed by these tests');
  },
  handOver: () => {},
  handedOver: () => undefined,
};

/** A worker's context like kali's; recorded samples land in `samples`. */
function context(on: boolean, destinations = 1) {
  const samples: number[] = [];
  const ctx: MeasurementContext = {
    config: { destinations: new Array(destinations).fill({}) } as unknown as MeasurementContext['config'],
    options: { [FLAG]: on },
    log: () => {},
    worker: 0,
    record: (micros) => samples.push(micros),
    countReceived: () => {},
    compile: () => ({ maxLength: 0 }),
    fail: () => {},
    toEpochMicros: (micros) => micros,
    createSearch: () => ({ feed: () => 0, hits: 0, hitEnds: new Int32Array(0) }),
    counter: () => ({ add: () => {} }),
    latency: () => ({ record: () => {} }),
  };
  return { ctx, samples };
}

test('runs only when --__PLUGIN_NAME__ is given', () => {
  const plugin = factory(kali);
  assert.equal(plugin.kind, 'measurement');
  assert.equal(plugin.name, '__PLUGIN_NAME__');
  assert.equal(plugin.enabled(context(false).ctx), false);
  assert.equal(plugin.enabled(context(true).ctx), true);
});

test('refuses a run without destinations', () => {
  assert.throws(() => factory(kali).check?.(context(true, 0).ctx), { exitCode: 64 });
});

test('records the time from attach to open, for outgoing connections only', () => {
  const { ctx, samples } = context(true);
  const observer = factory(kali).create(ctx);
  const identity = { uid: 1, ptr: 1 };
  const state = observer.attach('client', identity, 1_000);
  observer.onOpen?.(state, 1_250);
  assert.deepEqual(samples, [250]);
  assert.equal(observer.attach('server', identity, 2_000), undefined);
});
