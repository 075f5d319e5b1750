import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { type Paced, Pacer } from '../../../src/engine/worker/pacer.js';

/** Records every visit; optionally removes itself from the pacer while being visited. */
class Probe implements Paced {
  paceIndex = -1;
  visits: number[] = [];
  constructor(private readonly onPace?: (self: Probe) => void) {}
  pace(now: number): void {
    this.visits.push(now);
    this.onPace?.(this);
  }
}

const probes = (n: number) => Array.from({ length: n }, () => new Probe());
const visitCounts = (ps: Probe[]) => ps.map((p) => p.visits.length);

describe('Pacer', { timeout: 10_000 }, () => {
  // Only setTimeout is faked: the pacer reads performance.now() for the bucket arithmetic of its
  // clients, which this suite does not need to control.
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('visits every listed connection once per tick, starting 5 ms after the first add', () => {
    const pacer = new Pacer();
    const ps = probes(3);
    for (const p of ps) pacer.add(p);
    mock.timers.tick(4);
    assert.deepEqual(visitCounts(ps), [0, 0, 0]);
    mock.timers.tick(1);
    assert.deepEqual(visitCounts(ps), [1, 1, 1]);
    mock.timers.tick(5);
    assert.deepEqual(visitCounts(ps), [2, 2, 2]);
    pacer.stop();
  });

  it('passes a clock that never goes backwards', () => {
    const pacer = new Pacer();
    const [p] = probes(1);
    pacer.add(p);
    for (let i = 0; i < 20; i++) mock.timers.tick(5);
    assert.equal(p.visits.length, 20);
    for (let i = 1; i < p.visits.length; i++) assert.ok(p.visits[i] >= p.visits[i - 1]);
    pacer.stop();
  });

  it('ignores a second add and a remove of something not listed', () => {
    const pacer = new Pacer();
    const [a, b] = probes(2);
    pacer.add(a);
    pacer.add(a);
    pacer.remove(b);
    assert.equal(b.paceIndex, -1);
    mock.timers.tick(5);
    assert.deepEqual(visitCounts([a, b]), [1, 0]);
    pacer.stop();
  });

  it('keeps every index consistent through random adds and removes (swap-remove)', () => {
    const pacer = new Pacer();
    const ps = probes(50);
    const listed = new Set<Probe>();
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    for (let step = 0; step < 2000; step++) {
      const p = ps[Math.floor(rand() * ps.length)];
      if (rand() < 0.5) {
        pacer.add(p);
        listed.add(p);
      } else {
        pacer.remove(p);
        listed.delete(p);
      }
    }
    const indices = [...listed].map((p) => p.paceIndex).sort((x, y) => x - y);
    assert.deepEqual(
      indices,
      indices.map((_, i) => i),
    );
    for (const p of ps) if (!listed.has(p)) assert.equal(p.paceIndex, -1);
    for (const p of ps) p.visits = [];
    mock.timers.tick(50);
    for (const p of ps) assert.equal(p.visits.length > 0, listed.has(p));
    pacer.stop();
  });

  it('survives a connection removing itself during its visit, visiting nobody twice', () => {
    const pacer = new Pacer();
    const leaving = new Probe((self) => pacer.remove(self));
    const ps = [...probes(2), leaving, ...probes(2)];
    for (const p of ps) pacer.add(p);
    mock.timers.tick(5);
    assert.deepEqual(visitCounts(ps), [1, 1, 1, 1, 1]);
    mock.timers.tick(5);
    assert.deepEqual(visitCounts(ps), [2, 2, 1, 2, 2]);
    pacer.stop();
  });

  it('stops ticking when the list empties and restarts on the next add', () => {
    const pacer = new Pacer();
    const [p] = probes(1);
    pacer.add(p);
    pacer.remove(p);
    mock.timers.tick(100);
    assert.equal(p.visits.length, 0);
    pacer.add(p);
    mock.timers.tick(5);
    assert.equal(p.visits.length, 1);
    pacer.stop();
  });

  it('after stop() neither ticks nor lists anything', () => {
    const pacer = new Pacer();
    const [a, b] = probes(2);
    pacer.add(a);
    pacer.stop();
    pacer.add(b);
    assert.equal(b.paceIndex, -1);
    mock.timers.tick(1000);
    assert.deepEqual(visitCounts([a, b]), [0, 0]);
  });

  it('lengthens the tick with many connections (1000 visits per ms), up to 50 ms', () => {
    const pacer = new Pacer();
    const ps = probes(2000);
    for (const p of ps) pacer.add(p);
    // The first tick was armed when the list held one entry.
    mock.timers.tick(5);
    assert.equal(ps[0].visits.length, 1);
    // 2000 connections: 2000 × 1000 / 200,000 = 10 ms.
    mock.timers.tick(9);
    assert.equal(ps[0].visits.length, 1);
    mock.timers.tick(1);
    assert.equal(ps[0].visits.length, 2);
    for (let i = 0; i < 20_000; i++) pacer.add(new Probe());
    // The tick armed before the growth still runs at 10 ms; the next one is capped at 50 ms.
    mock.timers.tick(10);
    assert.equal(ps[0].visits.length, 3);
    mock.timers.tick(49);
    assert.equal(ps[0].visits.length, 3);
    mock.timers.tick(1);
    assert.equal(ps[0].visits.length, 4);
    pacer.stop();
  });
});
