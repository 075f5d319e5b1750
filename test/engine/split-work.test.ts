import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { rateShare, shareOf } from '../../src/engine/split-work.js';

const shares = (total: number, workers: number) =>
  Array.from({ length: workers }, (_, w) => shareOf(total, workers, w));

describe('shareOf', { timeout: 10_000 }, () => {
  it('spreads the remainder over the first workers', () => {
    assert.deepEqual(shares(10, 3), [4, 3, 3]);
    assert.deepEqual(shares(11, 3), [4, 4, 3]);
    assert.deepEqual(shares(12, 3), [4, 4, 4]);
  });

  it('gives nothing to workers beyond the total', () => {
    assert.deepEqual(shares(1, 4), [1, 0, 0, 0]);
    assert.deepEqual(shares(0, 2), [0, 0]);
  });

  it('always hands out exactly the total, as evenly as possible', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 64 }),
        (total, workers) => {
          const s = shares(total, workers);
          assert.equal(
            s.reduce((a, b) => a + b, 0),
            total,
          );
          assert.ok(Math.max(...s) - Math.min(...s) <= 1);
          // Earlier workers never get less than later ones.
          for (let i = 1; i < s.length; i++) assert.ok(s[i - 1] >= s[i]);
        },
      ),
    );
  });
});

describe('rateShare', { timeout: 10_000 }, () => {
  it('follows the connections, so every worker ramps up in the same time', () => {
    assert.equal(rateShare(100, 4, 10, 3), 40);
    assert.equal(rateShare(100, 3, 10, 3), 30);
    assert.equal(rateShare(100, 0, 10, 3), 0);
  });

  it('splits evenly when there are no connections at all', () => {
    assert.equal(rateShare(100, 0, 0, 4), 25);
  });

  it('adds up to the whole rate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 64 }),
        (rate, total, workers) => {
          const sum = shares(total, workers)
            .map((c) => rateShare(rate, c, total, workers))
            .reduce((a, b) => a + b, 0);
          assert.ok(Math.abs(sum - rate) <= rate * 1e-9, `${sum} != ${rate}`);
        },
      ),
    );
  });
});
