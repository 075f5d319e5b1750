import * as hdr from 'hdr-histogram-js';
import type { LatencySummary, Percentile } from 'kali';

/** The host encodes with 32-bit buckets; decoding must use the same width. */
const BIT_BUCKET_SIZE = 32;

/**
 * Summary of the samples recorded between two snapshots of the same cumulative histogram
 * (`before` undefined: since the start). Values are microseconds, the summary milliseconds.
 */
export function summariseDifference(
  after: string,
  before: string | undefined,
  name: string,
  title: string,
  percentiles: readonly Percentile[],
): LatencySummary {
  const h = hdr.decodeFromCompressedBase64(after, BIT_BUCKET_SIZE, false);
  if (before !== undefined) h.subtract(hdr.decodeFromCompressedBase64(before, BIT_BUCKET_SIZE, false));
  const empty = h.totalCount === 0;
  return {
    name,
    title,
    count: h.totalCount,
    minMs: empty ? 0 : h.minNonZeroValue / 1000,
    meanMs: empty ? 0 : h.mean / 1000,
    maxMs: empty ? 0 : h.maxValue / 1000,
    percentiles: percentiles.map((p) => ({
      label: p.label,
      value: p.value,
      ms: empty ? 0 : h.getValueAtPercentile(p.value) / 1000,
    })),
  };
}
