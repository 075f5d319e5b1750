import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import markerFactory from '../../../plugins/measure-latency/src/marker.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { bytes, FakeRequests, fakeContext, observe } from './fake-context.js';

const plugin = markerFactory(kaliApi);
const MORE_RECEIVED =
  'More messages received than sent. Choose a different --latency-marker.\nUse -d option to dump received message data.';

/** A marker observer on one client connection with `sent` requests outstanding. */
function setup(options: { marker: string; markerSkip?: number }, sent: number) {
  const { ctx, rec } = fakeContext(options);
  const requests = new FakeRequests();
  requests.send(sent);
  const { obs, state } = observe(plugin, ctx, 'client', 0, requests);
  return { obs, state, requests, rec };
}

describe('--latency-marker observer', () => {
  it('recognises replies for the engine: it declares requests under the message metric', () => {
    assert.deepEqual(plugin.requests, { metric: 'message', title: 'Message latency' });
  });

  it('completes one request per marker, also when the marker is split across three reads', () => {
    const { obs, state, requests, rec } = setup({ marker: 'PING' }, 1);
    obs.onData?.(state, bytes('P'), 0);
    obs.onData?.(state, bytes('IN'), 0);
    assert.equal(requests.completed, 0);
    obs.onData?.(state, bytes('G\n'), 0);
    assert.equal(requests.completed, 1);
    assert.deepEqual(rec.failures, []);
  });

  it('completes several requests from one read, and a partial marker that breaks off counts nothing', () => {
    const { obs, state, requests } = setup({ marker: 'PING' }, 4);
    obs.onData?.(state, bytes('PING\nPING\nPI'), 0);
    assert.equal(requests.completed, 2);
    obs.onData?.(state, bytes('X PI'), 0);
    obs.onData?.(state, bytes('NG'), 0);
    assert.equal(requests.completed, 3);
  });

  it('--latency-marker-skip discards the requests the skipped hits answer', () => {
    const { obs, state, requests } = setup({ marker: 'PING', markerSkip: 2 }, 4);
    obs.onData?.(state, bytes('PINGPING'), 0);
    obs.onData?.(state, bytes('PINGPING'), 0);
    assert.equal(requests.discarded, 2);
    assert.equal(requests.completed, 2);
  });

  it('skip is per connection', () => {
    const { ctx } = fakeContext({ marker: 'Z', markerSkip: 1 });
    const obs = plugin.create(ctx);
    const ra = new FakeRequests();
    const rb = new FakeRequests();
    const a = obs.attach('client', { uid: 1, ptr: 1 }, 0, ra);
    const b = obs.attach('client', { uid: 2, ptr: 2 }, 0, rb);
    ra.send(2);
    rb.send(2);
    obs.onData?.(a, bytes('ZZ'), 0);
    obs.onData?.(b, bytes('ZZ'), 0);
    assert.deepEqual([ra.discarded, ra.completed, rb.discarded, rb.completed], [1, 1, 1, 1]);
  });

  it('a marker with no request waiting stops the run with exit 1 and tcpkali’s two lines', () => {
    const { obs, state, requests, rec } = setup({ marker: 'Z' }, 1);
    obs.onData?.(state, bytes('ZZ'), 0);
    assert.equal(requests.completed, 1);
    assert.deepEqual(rec.failures, [{ message: MORE_RECEIVED, exitCode: 1 }]);
  });

  it('skipped hits still need a request each', () => {
    const { obs, state, rec } = setup({ marker: 'Z', markerSkip: 5 }, 0);
    obs.onData?.(state, bytes('Z'), 0);
    assert.equal(rec.failures.length, 1);
  });

  it('watches only connections that send requests', () => {
    const { ctx } = fakeContext({ marker: 'Z' });
    assert.equal(observe(plugin, ctx, 'server').state, undefined);
    assert.notEqual(observe(plugin, ctx, 'server', 0, new FakeRequests()).state, undefined);
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
