import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import markerFactory from '../../../plugins/measure-latency/src/marker.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { bytes, fakeContext, observe } from './fake-context.js';

const plugin = markerFactory(kaliApi);
const MORE_RECEIVED =
  'More messages received than sent. Choose a different --latency-marker.\nUse -d option to dump received message data.';

describe('--latency-marker observer', () => {
  it('pairs a marker split across three reads with its send time', () => {
    const { ctx, rec } = fakeContext({ marker: 'PING' });
    const { obs, state } = observe(plugin, ctx);
    obs.onSend?.(state, 1, 1_000);
    obs.onData?.(state, bytes('P'), 5_000);
    obs.onData?.(state, bytes('IN'), 9_000);
    obs.onData?.(state, bytes('G\n'), 21_000);
    assert.deepEqual(rec.samples, [20_000]);
    assert.deepEqual(rec.failures, []);
  });

  it('takes send times oldest first, several markers per read and several messages per write', () => {
    const { ctx, rec } = fakeContext({ marker: 'PING' });
    const { obs, state } = observe(plugin, ctx);
    obs.onSend?.(state, 2, 0);
    obs.onSend?.(state, 1, 10);
    obs.onData?.(state, bytes('PING\nPING\nPI'), 50);
    obs.onData?.(state, bytes('NG\n'), 70);
    assert.deepEqual(rec.samples, [50, 50, 60]);
  });

  it('a partial marker that breaks off does not count', () => {
    const { ctx, rec } = fakeContext({ marker: 'PING' });
    const { obs, state } = observe(plugin, ctx);
    obs.onSend?.(state, 1, 0);
    obs.onData?.(state, bytes('PIN'), 10);
    obs.onData?.(state, bytes('X PI'), 20);
    obs.onData?.(state, bytes('NG'), 30);
    assert.deepEqual(rec.samples, [30]);
  });

  it('--latency-marker-skip drops the skipped hits together with the send times they answer', () => {
    const { ctx, rec } = fakeContext({ marker: 'PING', markerSkip: 2 });
    const { obs, state } = observe(plugin, ctx);
    obs.onSend?.(state, 1, 0);
    obs.onSend?.(state, 1, 10);
    obs.onSend?.(state, 1, 20);
    obs.onSend?.(state, 1, 30);
    // Every reply takes 100 µs. tcpkali would pair the third hit with the first send time (120).
    obs.onData?.(state, bytes('PINGPING'), 110);
    obs.onData?.(state, bytes('PING'), 120);
    obs.onData?.(state, bytes('PING'), 130);
    assert.deepEqual(rec.samples, [100, 100]);
  });

  it('skip is per connection', () => {
    const { ctx, rec } = fakeContext({ marker: 'Z', markerSkip: 1 });
    const obs = plugin.create(ctx);
    const a = obs.attach('client', { uid: 1, ptr: 1 }, 0);
    const b = obs.attach('client', { uid: 2, ptr: 2 }, 0);
    for (const s of [a, b]) obs.onSend?.(s, 2, 0);
    for (const s of [a, b]) obs.onData?.(s, bytes('ZZ'), 7);
    assert.deepEqual(rec.samples, [7, 7]);
  });

  it('a marker with no send time waiting stops the run with exit 1 and tcpkali’s two lines', () => {
    const { ctx, rec } = fakeContext({ marker: 'Z' });
    const { obs, state } = observe(plugin, ctx);
    obs.onSend?.(state, 1, 0);
    obs.onData?.(state, bytes('ZZ'), 5);
    assert.deepEqual(rec.samples, [5]);
    assert.deepEqual(rec.failures, [{ message: MORE_RECEIVED, exitCode: 1 }]);
  });

  it('skipped hits still need a send time each', () => {
    const { ctx, rec } = fakeContext({ marker: 'Z', markerSkip: 5 });
    const { obs, state } = observe(plugin, ctx);
    obs.onData?.(state, bytes('Z'), 5);
    assert.equal(rec.failures.length, 1);
  });

  it('listens for replies on clients, and on accepted connections only in active listen mode', () => {
    const silent = fakeContext({ marker: 'Z' });
    assert.notEqual(observe(plugin, silent.ctx, 'client').state, undefined);
    assert.equal(observe(plugin, silent.ctx, 'server').state, undefined);
    const active = fakeContext({ marker: 'Z', listenMode: 'active' });
    assert.notEqual(observe(plugin, active.ctx, 'server').state, undefined);
  });

  it('is enabled by --latency-marker and refuses an empty one with exit 64', () => {
    assert.equal(plugin.enabled(fakeContext().ctx), false);
    const { ctx, rec } = fakeContext({ marker: '' });
    assert.equal(plugin.enabled(ctx), true);
    plugin.check?.(ctx);
    assert.deepEqual(rec.failures, [
      { message: '--latency-marker: Expected a non-empty marker', exitCode: 64 },
    ]);
  });
});
