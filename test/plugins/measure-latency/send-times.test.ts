import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SendTimes } from '../../../plugins/measure-latency/src/send-times.js';

describe('SendTimes (the marker FIFO)', () => {
  it('returns -1 when empty, never a stale time', () => {
    const q = new SendTimes();
    assert.equal(q.shift(), -1);
    q.push(5, 1);
    assert.equal(q.shift(), 5);
    assert.equal(q.shift(), -1);
    assert.equal(q.length, 0);
  });

  it('pushes one entry per message of a combined write', () => {
    const q = new SendTimes();
    q.push(10, 3);
    q.push(20, 0);
    q.push(30, 1);
    assert.deepEqual(drain(q), [10, 10, 10, 30]);
  });

  it('keeps FIFO order across growth while the ring has wrapped', () => {
    const q = new SendTimes();
    const expected: number[] = [];
    let next = 1;
    // Wrap the head around the initial ring first, so growth has to unroll a split ring.
    for (let i = 0; i < 12; i++) q.push(next++, 1);
    for (let i = 0; i < 10; i++) assert.equal(q.shift(), i + 1);
    for (let i = 11; i < next; i++) expected.push(i);
    for (let i = 0; i < 5000; i++) {
      expected.push(next);
      q.push(next++, 1);
    }
    assert.equal(q.length, expected.length);
    assert.deepEqual(drain(q), expected);
  });

  it('interleaved push/shift at a steady depth stays in order', () => {
    const q = new SendTimes();
    let pushed = 0;
    let popped = 0;
    for (let round = 0; round < 10_000; round++) {
      q.push(pushed++, 1);
      if (round >= 40) assert.equal(q.shift(), popped++);
    }
    assert.equal(q.length, 40);
  });
});

function drain(q: SendTimes): number[] {
  const out: number[] = [];
  for (let t = q.shift(); t >= 0; t = q.shift()) out.push(t);
  return out;
}
