import assert from 'node:assert/strict';
import { it } from 'node:test';
import { addEncoded, newHistogram } from '../../src/engine/histogram.js';
import { histogramView } from '../../src/engine/histogram-view.js';

it('a histogram view is a frozen, decoded copy: summary, percentiles, buckets, lossless encoding', () => {
  const h = newHistogram();
  for (const v of [100, 100, 200, 5000]) h.recordValue(v);
  const view = histogramView(h);
  h.recordValue(999_999);
  assert.equal(view.count, 4, 'later samples do not reach the view');
  assert.equal(view.minUs, 100);
  assert.ok(Math.abs(view.maxUs - 5000) <= 5);
  assert.ok(Math.abs(view.meanUs - 1350) < 2);
  assert.ok(view.stdevUs > 0);
  assert.equal(view.percentile(50), 100);
  assert.deepEqual(
    view.buckets().map((b) => b.count),
    [2, 1, 1],
  );
  assert.ok(view.buckets().every((b, i, all) => i === 0 || b.us > all[i - 1].us));
  const copy = newHistogram();
  addEncoded(copy, view.encode());
  assert.equal(copy.totalCount, 4);
  const empty = histogramView(newHistogram());
  assert.deepEqual([empty.count, empty.minUs, empty.percentile(99), empty.buckets().length], [0, 0, 0, 0]);
});
