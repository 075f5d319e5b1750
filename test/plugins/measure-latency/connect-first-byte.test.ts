import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import connectFactory from '../../../plugins/measure-latency/src/connect.js';
import firstByteFactory from '../../../plugins/measure-latency/src/first-byte.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { bytes, fakeContext, observe } from './fake-context.js';

describe('--latency-connect observer', () => {
  it('records from attach (before connect) to open, on clients only', () => {
    const { ctx, rec } = fakeContext();
    const plugin = connectFactory(kaliApi);
    const { obs, state } = observe(plugin, ctx, 'client', 1_000);
    obs.onOpen?.(state, 1_250);
    assert.deepEqual(rec.samples, [250]);
    assert.equal(observe(plugin, ctx, 'server').state, undefined);
  });
});

describe('--latency-first-byte observer', () => {
  it('records once, at the first data after attach, on both sides as tcpkali does', () => {
    const { ctx, rec } = fakeContext();
    const plugin = firstByteFactory(kaliApi);
    const { obs, state } = observe(plugin, ctx, 'client', 1_000);
    obs.onOpen?.(state, 1_100);
    obs.onData?.(state, bytes('a'), 21_000);
    obs.onData?.(state, bytes('b'), 41_000);
    assert.deepEqual(rec.samples, [20_000]);
    // An accepted connection waits from the accept for the client's first byte.
    const server = observe(plugin, ctx, 'server', 50_000);
    obs.onData?.(server.state, bytes('c'), 53_000);
    assert.deepEqual(rec.samples, [20_000, 3_000]);
  });
});
