import type { JsHistogram } from 'hdr-histogram-js';
import { ExitStatus, KaliError } from '../errors/index.js';
import type { HistogramView } from '../interfaces/metrics.js';
import { addEncoded, encodeHistogram, type Histogram, newHistogram } from './histogram.js';

/**
 * A decoded, frozen copy of a merged histogram for outputs: they read percentiles and buckets
 * without depending on hdr-histogram-js, and later samples do not change what they hold.
 */
export function histogramView(source: Histogram): HistogramView {
  const encoded = encodeHistogram(source);
  const h = newHistogram();
  addEncoded(h, encoded);
  const empty = h.totalCount === 0;
  return {
    count: h.totalCount,
    minUs: empty ? 0 : h.minNonZeroValue,
    maxUs: empty ? 0 : h.maxValue,
    meanUs: empty ? 0 : h.mean,
    stdevUs: empty ? 0 : h.stdDeviation,
    percentile: (p: number) => (empty ? 0 : h.getValueAtPercentile(p)),
    buckets: () => recordedBuckets(h),
    encode: () => encoded,
  };
}

/** A view of a histogram kept as text (a result document's); throws a one-line error for junk. */
export function decodedView(encoded: string): HistogramView {
  const h = newHistogram();
  try {
    addEncoded(h, encoded);
  } catch {
    throw new KaliError('not an HdrHistogram (compressed base64)', ExitStatus.DATA);
  }
  return histogramView(h);
}

/** Every non-empty bucket of `h` (a JS histogram: the main thread never uses WebAssembly ones). */
function recordedBuckets(h: Histogram): { us: number; count: number }[] {
  const out: { us: number; count: number }[] = [];
  const it = (h as unknown as JsHistogram).recordedValuesIterator;
  it.reset();
  while (it.hasNext()) {
    const v = it.next();
    out.push({ us: v.valueIteratedTo, count: v.countAtValueIteratedTo });
  }
  return out;
}
