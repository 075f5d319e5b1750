import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { segmentShare } from '../../src/engine/segment-share.js';
import { offsetOf, rateShare, shareOf } from '../../src/engine/split-work.js';

const segments = (connections: number, connectRate: number, count: number) =>
  Array.from({ length: count }, (_, i) => segmentShare({ connections, connectRate }, i + 1, count));

describe('segmentShare', { timeout: 20_000 }, () => {
  it('spreads the remainder of -c over the first segments; the rate follows the connections', () => {
    assert.deepEqual(
      segments(10, 100, 3).map((s) => [s.connections, s.connectRate]),
      [
        [4, 40],
        [3, 30],
        [3, 30],
      ],
    );
    assert.deepEqual(segments(10, 100, 3)[1].segment, {
      index: 2,
      count: 3,
      wholeConnections: 10,
      wholeConnectRate: 100,
    });
  });

  it('with fewer connections than segments, the last segments open none', () => {
    assert.deepEqual(
      segments(2, 100, 4).map((s) => s.connections),
      [1, 1, 0, 0],
    );
    assert.deepEqual(
      segments(2, 100, 4).map((s) => s.connectRate),
      [50, 50, 0, 0],
    );
  });

  it('N shares add up exactly to -c, and to the connect rate, for any c and N (c < N too)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0.01, max: 1e6, noNaN: true }),
        (c, n, rate) => {
          const all = segments(c, rate, n);
          assert.equal(
            all.reduce((a, s) => a + s.connections, 0),
            c,
          );
          const counts = all.map((s) => s.connections);
          assert.ok(Math.max(...counts) - Math.min(...counts) <= 1);
          const rates = all.reduce((a, s) => a + s.connectRate, 0);
          // No connections at all: nothing to ramp up, and no rate is handed out.
          if (c > 0) assert.ok(Math.abs(rates - rate) <= rate * 1e-9, `${rates} != ${rate}`);
          // Every segment with connections to open ramps up in the same time.
          for (const s of all)
            if (s.connections > 0)
              assert.ok(Math.abs(s.connections / s.connectRate - c / rate) <= (c / rate) * 1e-9);
        },
      ),
    );
  });

  it('then each segment splits its share over its worker threads, still exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 16 }),
        (c, n, workers) => {
          let total = 0;
          for (const s of segments(c, 1000, n)) {
            for (let w = 0; w < workers; w++) {
              const mine = shareOf(s.connections, workers, w);
              total += mine;
              assert.ok(rateShare(s.connectRate, mine, s.connections, workers) >= 0);
            }
          }
          assert.equal(total, c);
        },
      ),
    );
  });
});

describe('offsetOf', { timeout: 10_000 }, () => {
  it('is where each share starts: the shares before it added up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 300 }),
        (total, parts) => {
          let before = 0;
          for (let p = 0; p < parts; p++) {
            assert.equal(offsetOf(total, parts, p), before);
            before += shareOf(total, parts, p);
          }
          assert.equal(offsetOf(total, parts, parts), total);
        },
      ),
    );
  });
});
