import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wakeAt } from '../../src/engine/wake-at.js';

describe('wakeAt', { timeout: 10_000 }, () => {
  it('wakes once the wall clock reads the moment, not before', async () => {
    const at = Date.now() + 60;
    const woke = await new Promise<number>((resolve) => wakeAt(at, () => resolve(Date.now())));
    assert.ok(woke >= at, `${woke} < ${at}`);
  });

  it('a moment already past wakes at once', () => {
    let woke = false;
    wakeAt(Date.now() - 1, () => {
      woke = true;
    });
    assert.equal(woke, true);
  });

  it('re-arms when its timer fires before the wall clock got there (the clocks drifted apart)', async () => {
    // A wall clock that reads 80 ms behind after the first look: the first timer fires early.
    const start = Date.now();
    let looks = 0;
    const now = () => (looks++ === 0 ? start : Date.now() - 80);
    const at = start + 40;
    const woke = await new Promise<number>((resolve) => wakeAt(at, () => resolve(Date.now()), now));
    assert.ok(looks >= 3, `looked ${looks} times`);
    assert.ok(woke - 80 >= at, `woke ${woke - 80 - at} ms early by the drifted clock`);
  });

  it('cancelled, it never wakes', async () => {
    let woke = false;
    const cancel = wakeAt(Date.now() + 20, () => {
      woke = true;
    });
    cancel();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(woke, false);
  });
});
