import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { segmentShare } from '../../src/engine/segment-share.js';
import { segmentUid } from '../../src/engine/segment-uids.js';

const segment = (c: number, index: number, count: number) =>
  segmentShare({ connections: c, connectRate: 100 }, index, count).segment;

describe('segmentUid', { timeout: 20_000 }, () => {
  it('without segments, the n-th connection is n (as ever)', () => {
    for (const n of [1, 2, 10, 1000]) assert.equal(segmentUid(n, undefined), n);
  });

  it('1/1 numbers exactly as one process does, replacements included', () => {
    for (let n = 1; n <= 50; n++) assert.equal(segmentUid(n, segment(7, 1, 1)), n);
  });

  it("segment K's first connections continue where K-1's end", () => {
    // -c10 over 3: 4, 3, 3 connections.
    const first = (k: number, share: number) =>
      Array.from({ length: share }, (_, i) => segmentUid(i + 1, segment(10, k, 3)));
    assert.deepEqual(first(1, 4), [1, 2, 3, 4]);
    assert.deepEqual(first(2, 3), [5, 6, 7]);
    assert.deepEqual(first(3, 3), [8, 9, 10]);
  });

  it('replacements (--channel-lifetime, closes, failures) take numbers above c, interleaved by segment', () => {
    // Segment 2 of 3 with -c10 holds 5, 6, 7; its 4th, 5th… connections are 12, 15, 18…
    const s = segment(10, 2, 3);
    assert.deepEqual(
      [4, 5, 6].map((n) => segmentUid(n, s)),
      [12, 15, 18],
    );
  });

  it('no two connections of any segments ever share a uid, however many each replaced', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 12, maxLength: 12 }),
        (c, n, created) => {
          const seen = new Set<number>();
          for (let k = 1; k <= n; k++) {
            const s = segment(c, k, n);
            const share = segmentShare({ connections: c, connectRate: 100 }, k, n).connections;
            // Every segment creates at least its share; some create many more.
            for (let i = 1; i <= share + created[k - 1]; i++) {
              const uid = segmentUid(i, s);
              assert.ok(uid >= 1, `uid ${uid}`);
              assert.ok(!seen.has(uid), `uid ${uid} twice (c=${c}, N=${n}, segment ${k}, n=${i})`);
              seen.add(uid);
            }
          }
          // The first connections of all segments are exactly 1…c.
          for (let uid = 1; uid <= c; uid++) assert.ok(seen.has(uid), `uid ${uid} missing`);
        },
      ),
    );
  });
});
