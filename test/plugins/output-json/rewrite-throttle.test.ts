import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COST_FACTOR, RewriteThrottle } from '../../../plugins/output-json/src/rewrite-throttle.js';

describe('JSON output rewrite throttle', () => {
  it('is due once per interval of its own when the host records more often', () => {
    const t = new RewriteThrottle(1);
    const written: number[] = [];
    // The host records every 0.25 s (another output asked for that), a little late at times.
    for (let i = 1; i <= 16; i++) {
      const end = i * 0.25 + (i % 3 === 0 ? 0.004 : 0);
      if (t.due(end, end * 1000)) {
        written.push(end);
        t.wrote(end, end * 1000, end * 1000 + 1);
      }
    }
    assert.deepEqual(written, [0.25, 1.25, 2.254, 3.25]);
  });

  it('takes records that come a little early at the interval', () => {
    const t = new RewriteThrottle(1);
    t.wrote(0, 0, 1);
    assert.equal(t.due(0.95, 950), true);
    assert.equal(t.due(0.5, 500), false);
  });

  it(`waits ${COST_FACTOR} times as long as the last write took, from its start`, () => {
    const t = new RewriteThrottle(0.5);
    // A write that took 100 ms: at most one per 2 s, however short the interval.
    t.wrote(0.5, 500, 600);
    assert.equal(t.due(1, 1000), false);
    assert.equal(t.due(2, 2000), false);
    assert.equal(t.due(2.5, 2500), true);
  });
});
