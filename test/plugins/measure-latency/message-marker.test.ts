import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import messageMarkerFactory from '../../../plugins/measure-latency/src/message-marker.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { bytes, EPOCH_OFFSET_US, fakeContext, observe } from './fake-context.js';

const plugin = messageMarkerFactory(kaliApi);

/** A monotonic reading (µs) at which the tests pretend data arrives. */
const NOW = 5_000_000;
/** The wall-clock µs the plugin derives from NOW through the context. */
const WALL_NOW = EPOCH_OFFSET_US + NOW;

/** tcpkali's marker for a message sent `ageUs` before NOW. */
function markerFor(ageUs: number): string {
  return `TCPKaliMsgTS-${(WALL_NOW - ageUs).toString(16).padStart(16, '0')}.`;
}

function assertSamples(actual: number[], expected: number[]): void {
  assert.deepEqual(actual, expected);
}

describe('message marker observer', () => {
  it('reads a whole marker and counts the message', () => {
    const { ctx, rec } = fakeContext();
    const { obs, state } = observe(plugin, ctx, 'server');
    obs.onData?.(state, bytes(`x${markerFor(1234)}`), NOW);
    assertSamples(rec.samples, [1234]);
    assert.equal(rec.received, 1);
  });

  it('keeps the digits read so far when the marker is cut in the middle of them', () => {
    const m = markerFor(777);
    for (const cut of [14, 20, m.length - 2, m.length - 1]) {
      const { ctx, rec } = fakeContext();
      const { obs, state } = observe(plugin, ctx, 'server');
      obs.onData?.(state, bytes(m.slice(0, cut)), NOW);
      assert.equal(rec.received, 0, `cut at ${cut}: counted before the dot`);
      obs.onData?.(state, bytes(m.slice(cut)), NOW);
      assertSamples(rec.samples, [777]);
      assert.equal(rec.received, 1);
    }
  });

  it('finds a prefix split across reads, byte by byte included', () => {
    const m = `abc${markerFor(50)}def`;
    for (const cut of [4, 8, 15, 16]) {
      const { ctx, rec } = fakeContext();
      const { obs, state } = observe(plugin, ctx, 'server');
      obs.onData?.(state, bytes(m.slice(0, cut)), NOW);
      obs.onData?.(state, bytes(m.slice(cut)), NOW);
      assertSamples(rec.samples, [50]);
    }
    const { ctx, rec } = fakeContext();
    const { obs, state } = observe(plugin, ctx, 'server');
    for (const ch of m) obs.onData?.(state, bytes(ch), NOW);
    assertSamples(rec.samples, [50]);
    assert.equal(rec.received, 1);
  });

  it('reads a non-hex character as a 0 digit, as tcpkali does', () => {
    const age = 0x30; // the last nibble of WALL_NOW - age is whatever; only it is replaced
    const m = markerFor(age);
    const lastDigit = Number.parseInt(m[m.length - 2], 16);
    const { ctx, rec } = fakeContext();
    const { obs, state } = observe(plugin, ctx, 'server');
    obs.onData?.(state, bytes(`${m.slice(0, -2)}z.`), NOW);
    assertSamples(rec.samples, [age + lastDigit]);
  });

  it('several markers in one read, the last one unfinished, counted once each', () => {
    const { ctx, rec } = fakeContext();
    const { obs, state } = observe(plugin, ctx, 'client');
    const tail = markerFor(30);
    obs.onData?.(state, bytes(`x${markerFor(10)}x${markerFor(20)}x${tail.slice(0, 20)}`), NOW);
    assert.equal(rec.received, 2);
    obs.onData?.(state, bytes(`${tail.slice(20)}x${markerFor(40)}`), NOW);
    assertSamples(rec.samples, [10, 20, 30, 40]);
    assert.equal(rec.received, 4);
  });

  it('state is per connection', () => {
    const { ctx, rec } = fakeContext();
    const obs = plugin.create(ctx);
    const a = obs.attach('server', { uid: 1, ptr: 1 }, 0);
    const b = obs.attach('server', { uid: 2, ptr: 2 }, 0);
    const ma = markerFor(100);
    const mb = markerFor(200);
    obs.onData?.(a, bytes(ma.slice(0, 10)), NOW);
    obs.onData?.(b, bytes(mb.slice(0, 20)), NOW);
    obs.onData?.(a, bytes(ma.slice(10)), NOW);
    obs.onData?.(b, bytes(mb.slice(20)), NOW);
    assertSamples(rec.samples, [100, 200]);
  });
});
