import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connector } from '../../../src/engine/worker/connector.js';

/** A fake pool of connections: `open` makes one "in use" at once and notes when. */
function fakePool(target: number, rate: number) {
  const pool = {
    inUse: 0,
    openedAt: [] as number[],
    connector: undefined as unknown as Connector,
    /** A connection went away. */
    drop(n = 1) {
      pool.inUse -= n;
    },
  };
  pool.connector = new Connector(
    target,
    rate,
    () => pool.inUse,
    () => {
      pool.inUse++;
      pool.openedAt.push(performance.now());
    },
  );
  return pool;
}

/**
 * The bucket starts with one token and gains `rate` per second, so by any moment t the k-th open
 * must satisfy k <= burst + rate * t. `since` is taken before the connector's own clock starts,
 * which only loosens the bound.
 */
function assertWithinRate(openedAt: number[], since: number, rate: number, burst: number): void {
  openedAt.forEach((t, i) => {
    const allowed = burst + (rate * (t - since)) / 1000;
    assert.ok(
      i + 1 <= allowed + 1e-9,
      `open #${i + 1} came ${(t - since).toFixed(1)} ms in, allowed ${allowed.toFixed(2)}`,
    );
  });
}

describe('Connector', { timeout: 10_000 }, () => {
  it('opens the first connection at once', () => {
    const pool = fakePool(10, 100);
    pool.connector.start();
    pool.connector.stop();
    assert.equal(pool.openedAt.length, 1);
  });

  it('opens at the configured rate, never faster', { timeout: 5_000 }, async () => {
    const rate = 200;
    const pool = fakePool(1_000, rate);
    const since = performance.now();
    pool.connector.start();
    await sleep(500);
    pool.connector.stop();
    assertWithinRate(pool.openedAt, since, rate, 1);
    // About 100 are due; late timers on a busy machine may cost some, never add any.
    assert.ok(pool.openedAt.length >= 50, `only ${pool.openedAt.length} opened in 500 ms at ${rate}/s`);
  });

  it('stops at the target and stays there', { timeout: 5_000 }, async () => {
    const pool = fakePool(5, 10_000);
    pool.connector.start();
    await sleep(50);
    assert.equal(pool.openedAt.length, 5);
    await sleep(50);
    pool.connector.stop();
    assert.equal(pool.openedAt.length, 5);
    assert.equal(pool.inUse, 5);
  });

  it('replaces a closed connection after wake()', { timeout: 5_000 }, async () => {
    const pool = fakePool(3, 1_000);
    pool.connector.start();
    await sleep(30);
    assert.equal(pool.openedAt.length, 3);
    pool.drop();
    pool.connector.wake();
    await sleep(30);
    pool.connector.stop();
    assert.equal(pool.openedAt.length, 4);
    assert.equal(pool.inUse, 3);
  });

  it('does not poll while every connection is up: replacement waits for wake()', {
    timeout: 5_000,
  }, async () => {
    const pool = fakePool(3, 1_000);
    pool.connector.start();
    await sleep(30);
    pool.drop();
    await sleep(30);
    assert.equal(pool.openedAt.length, 3);
    pool.connector.wake();
    await sleep(30);
    pool.connector.stop();
    assert.equal(pool.openedAt.length, 4);
  });

  it('an idle spell does not turn into a burst of reconnects', { timeout: 5_000 }, async () => {
    const rate = 1_000;
    const pool = fakePool(400, rate);
    pool.connector.start();
    await sleep(600);
    assert.equal(pool.openedAt.length, 400);
    // Idle long enough to have earned 500 tokens if the bucket were unbounded.
    await sleep(500);
    pool.drop(300);
    const woke = performance.now();
    pool.connector.wake();
    await sleep(500);
    pool.connector.stop();
    const reopened = pool.openedAt.slice(400);
    assert.equal(reopened.length, 300);
    // Catching up after a late timer is fine; reopening everything the idle spell "earned" at
    // once is not. A tenth of a second's worth is the most any sensible bucket holds.
    assertWithinRate(reopened, woke, rate, rate / 10);
  });

  it('keeps its rate while the event loop is busy, as a sending worker’s is', {
    timeout: 5_000,
  }, async () => {
    const rate = 100;
    const pool = fakePool(100_000, rate);
    const since = performance.now();
    pool.connector.start();
    // The write pump keeps the loop busy in turns of a few milliseconds (64 writes of 256 KiB).
    await new Promise<void>((resolve) => {
      const turn = () => {
        const until = performance.now() + 5;
        while (performance.now() < until);
        if (performance.now() - since < 1_000) setImmediate(turn);
        else resolve();
      };
      setImmediate(turn);
    });
    pool.connector.stop();
    const elapsed = performance.now() - since;
    const due = 1 + (rate * elapsed) / 1000;
    assertWithinRate(pool.openedAt, since, rate, 1);
    assert.ok(
      pool.openedAt.length >= 0.9 * due,
      `${pool.openedAt.length} opened in ${Math.round(elapsed)} ms at ${rate}/s, ${Math.floor(due)} were due`,
    );
  });

  it('stop() ends everything, and wake() after stop does nothing', { timeout: 5_000 }, async () => {
    const pool = fakePool(100, 1_000);
    pool.connector.start();
    pool.connector.stop();
    pool.drop();
    pool.connector.wake();
    await sleep(50);
    assert.equal(pool.openedAt.length, 1);
  });

  it('wake() before start() does nothing', { timeout: 5_000 }, async () => {
    const pool = fakePool(3, 1_000);
    pool.connector.wake();
    await sleep(20);
    assert.equal(pool.openedAt.length, 0);
    pool.connector.stop();
  });
});
