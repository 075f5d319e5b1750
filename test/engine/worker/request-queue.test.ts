import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newHistogram } from '../../../src/engine/histogram.js';
import { PluginMetrics } from '../../../src/engine/worker/plugin-metrics.js';
import { RequestOwner } from '../../../src/engine/worker/request-owner.js';
import { RequestQueue } from '../../../src/engine/worker/request-queue.js';

function setup() {
  const metrics = new PluginMetrics();
  const owner = new RequestOwner({ metric: 'rpc', title: 'RPC latency', outcomes: ['ok', 'error'] }, metrics);
  const freed: number[] = [];
  let overflow = 0;
  const q = new RequestQueue(owner, {
    requestCompleted: (now) => freed.push(now),
    requestOverflow: () => {
      overflow++;
    },
  });
  return { metrics, q, freed, overflow: () => overflow };
}

describe('RequestQueue', () => {
  it('completes oldest first, measures from the due time, counts outcomes and frees slots', () => {
    const { metrics, q, freed } = setup();
    const now = performance.now();
    q.push(now - 50);
    q.push(now - 10);
    assert.equal(q.outstanding, 2);
    const first = q.complete();
    assert.ok(first >= 50_000 && first < 60_000, `${first} µs`);
    const second = q.complete(1);
    assert.ok(second >= 10_000 && second < first, `${second} µs`);
    assert.equal(q.complete(), -1);
    assert.equal(freed.length, 2);
    assert.deepEqual(metrics.counterValues(), { 'rpc.ok': 1, 'rpc.error': 1, 'rpc.timeout': 0 });
    const h = newHistogram();
    assert.equal(h.totalCount, 0);
  });

  it('completes out of order by sequence number, and skips what was already answered', () => {
    const { metrics, q } = setup();
    const now = performance.now();
    for (let i = 0; i < 4; i++) q.push(now);
    assert.ok(q.completeSeq(2) >= 0);
    assert.equal(q.completeSeq(2), -1, 'a sequence number completes once');
    assert.ok(q.completeSeq(0) >= 0);
    // 0 and 2 are done: the oldest outstanding is now 1, then 3.
    assert.equal(q.outstanding, 2);
    assert.ok(q.complete() >= 0);
    assert.ok(q.complete() >= 0);
    assert.equal(q.outstanding, 0);
    assert.equal(q.completeSeq(7), -1);
    assert.equal(metrics.counterValues()['rpc.ok'], 4);
  });

  it('grows past its first capacity without losing order, and discards and expires without recording', () => {
    const { metrics, q } = setup();
    const base = performance.now() - 1000;
    for (let i = 0; i < 100; i++) q.push(base + i);
    q.discard();
    q.expireOldest();
    assert.equal(q.outstanding, 98);
    assert.equal(q.oldestDue, base + 2);
    assert.deepEqual(metrics.counterValues(), { 'rpc.ok': 0, 'rpc.error': 0, 'rpc.timeout': 1 });
  });
});
