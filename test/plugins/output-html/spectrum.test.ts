import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spectrumPoints } from '../../../plugins/output-html/src/spectrum.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { fixtureResult } from './fixture-result.js';

const histogramOf = (name: string) => {
  const m = fixtureResult().metrics[name];
  assert.equal(m.kind, 'latency');
  return kaliApi.decodeHistogram(m.histogram);
};

describe('percentile spectrum points', () => {
  it('put 1/(1-p) on x and the latency at p on y, from 0% to the maximum', () => {
    const h = histogramOf('message');
    const { x, ms } = spectrumPoints(h);
    assert.equal(x.length, ms.length);
    assert.equal(x[0], 1);
    assert.equal(ms[0], h.percentile(0) / 1000);
    // The last point is the maximum, where 1-p reaches one sample in count.
    assert.equal(x.at(-1), h.count);
    assert.equal(ms.at(-1), h.maxUs / 1000);
    // Every decade of "nines" is on the curve, at the histogram's own percentile.
    for (const [inverse, p] of [
      [10, 90],
      [100, 99],
      [1000, 99.9],
      [10_000, 99.99],
    ]) {
      const i = x.findIndex((v) => Math.abs(v - inverse) < 1e-9);
      assert.ok(i >= 0, `no point at 1/(1-p) = ${inverse}`);
      assert.equal(ms[i], h.percentile(p) / 1000, `p${p}`);
    }
  });

  it('rise toward the tail on a log-spaced x', () => {
    const { x, ms } = spectrumPoints(histogramOf('message'));
    for (let i = 1; i < x.length; i++) {
      assert.ok(x[i] > x[i - 1], `x not increasing at ${i}`);
      assert.ok(ms[i] >= ms[i - 1], `latency falls at ${i}: ${ms[i - 1]} → ${ms[i]}`);
    }
    // Twenty points per decade: enough to draw a smooth curve, few enough to embed.
    const perDecade = x.filter((v) => v >= 10 && v < 100).length;
    assert.equal(perDecade, 20);
    // Not all flat: the fixture's tail is tens of milliseconds above its median.
    assert.ok(ms.at(-1)! > 20 * ms[0]);
  });

  it('span a decade even for one sample, and nothing for none', () => {
    const one = spectrumPoints({ ...histogramOf('connect'), count: 1, percentile: () => 500, maxUs: 500 });
    assert.equal(one.x.at(-1), 10);
    assert.ok(one.x.length > 2);
    assert.ok(one.ms.every((v) => v === 0.5));
    assert.deepEqual(spectrumPoints({ ...histogramOf('connect'), count: 0 }), { x: [], ms: [] });
  });
});
