import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { WritePump, type Writer } from '../../../src/engine/worker/write-pump.js';

/** A writer that logs its name and says "again" a fixed number of times (forever by default). */
function writer(name: string, log: string[], writes = Number.POSITIVE_INFINITY): Writer & { count: number } {
  return {
    nextWriter: null,
    queued: false,
    count: 0,
    writeOnce() {
      this.count++;
      log.push(name);
      return this.count < writes;
    },
  };
}

/** Lets the pump run until `done` says so, or fails after `turns` event-loop turns. */
async function runUntil(done: () => boolean, turns = 10_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (done()) return;
    await nextTurn();
  }
  assert.fail(`not done after ${turns} turns`);
}

describe('WritePump', { timeout: 10_000 }, () => {
  it('writes nothing synchronously: enqueue only schedules', () => {
    const log: string[] = [];
    const pump = new WritePump();
    pump.enqueue(writer('a', log));
    assert.deepEqual(log, []);
    pump.stop();
  });

  it('takes writers round-robin, so busy connections share the loop fairly', async () => {
    const log: string[] = [];
    const pump = new WritePump();
    for (const n of ['a', 'b', 'c']) pump.enqueue(writer(n, log));
    await runUntil(() => log.length >= 300);
    pump.stop();
    const first = log.slice(0, 300).join('');
    assert.equal(first, 'abc'.repeat(100));
  });

  it('drops a writer that cannot take more, keeps the others going', async () => {
    const log: string[] = [];
    const pump = new WritePump();
    const a = writer('a', log, 2);
    const b = writer('b', log);
    pump.enqueue(a);
    pump.enqueue(b);
    await runUntil(() => log.length >= 10);
    pump.stop();
    assert.deepEqual(log.slice(0, 10), ['a', 'b', 'a', 'b', 'b', 'b', 'b', 'b', 'b', 'b']);
    assert.equal(a.count, 2);
    assert.equal(a.queued, false);
  });

  it('queues a writer once however often it is enqueued', async () => {
    const log: string[] = [];
    const pump = new WritePump();
    const a = writer('a', log, 1);
    pump.enqueue(a);
    pump.enqueue(a);
    pump.enqueue(a);
    await runUntil(() => log.length >= 1);
    for (let i = 0; i < 5; i++) await nextTurn();
    assert.deepEqual(log, ['a']);
    pump.stop();
  });

  it('a writer enqueued while the turn runs goes to the back of the line', async () => {
    const log: string[] = [];
    const pump = new WritePump();
    const late = writer('late', log, 1);
    const a: Writer = {
      nextWriter: null,
      queued: false,
      writeOnce() {
        log.push('a');
        if (log.length === 1) pump.enqueue(late);
        return log.length < 4;
      },
    };
    const b = writer('b', log, 2);
    pump.enqueue(a);
    pump.enqueue(b);
    await runUntil(() => log.length >= 5);
    pump.stop();
    assert.deepEqual(log.slice(0, 5), ['a', 'b', 'late', 'a', 'b']);
  });

  it('bounds the writes per turn: a writer that always says "again" cannot starve a timer', async () => {
    const log: string[] = [];
    const pump = new WritePump();
    const greedy = writer('w', log);
    pump.enqueue(greedy);
    const writesBeforeTimer = await new Promise<number>((resolve) =>
      setTimeout(() => resolve(greedy.count), 0),
    );
    pump.stop();
    assert.ok(writesBeforeTimer < 10_000, `${writesBeforeTimer} writes before a 0 ms timer could run`);
  });

  it('yields to I/O between turns: each turn does at most a bounded number of writes', async () => {
    const log: string[] = [];
    const pump = new WritePump();
    const greedy = writer('w', log);
    pump.enqueue(greedy);
    const perTurn: number[] = [];
    let last = 0;
    for (let i = 0; i < 20; i++) {
      await nextTurn();
      perTurn.push(greedy.count - last);
      last = greedy.count;
    }
    pump.stop();
    assert.ok(Math.max(...perTurn) > 0, 'the pump never wrote');
    assert.ok(Math.max(...perTurn) <= 1024, `up to ${Math.max(...perTurn)} writes in one turn`);
  });

  it('stop() ends writing and ignores later enqueues', async () => {
    const log: string[] = [];
    const pump = new WritePump();
    pump.enqueue(writer('a', log));
    await runUntil(() => log.length > 0);
    pump.stop();
    const n = log.length;
    pump.enqueue(writer('b', log));
    for (let i = 0; i < 5; i++) await nextTurn();
    assert.equal(log.length, n);
  });
});
