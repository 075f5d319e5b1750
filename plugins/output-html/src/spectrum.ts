import type { HistogramView } from 'kali';

/** Points per tenfold step toward the tail: a smooth curve for a few hundred points per metric. */
const STEPS_PER_DECADE = 20;

/**
 * The percentile spectrum of a histogram, as HdrHistogram plots it: x is 1/(1-p) (1 at the
 * median's far left, 10 at 90%, 100 at 99%…), so that a log axis gives every "nine" the same
 * width; y is the latency in milliseconds at that percentile.
 *
 * The curve stops at x = count: beyond it every percentile is the maximum, which is the last
 * point. It spans at least one decade, so a histogram of one sample still draws a line.
 */
export function spectrumPoints(h: HistogramView): { x: number[]; ms: number[] } {
  const x: number[] = [];
  const ms: number[] = [];
  if (h.count === 0) return { x, ms };
  const end = Math.max(h.count, 10);
  for (let i = 0; ; i++) {
    const inverse = 10 ** (i / STEPS_PER_DECADE);
    if (inverse >= end) break;
    x.push(inverse);
    ms.push(h.percentile(100 * (1 - 1 / inverse)) / 1000);
  }
  x.push(end);
  ms.push(h.maxUs / 1000);
  return { x, ms };
}
