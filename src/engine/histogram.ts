import * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

/** One hour in microseconds: the range every latency histogram must cover at least. */
const ONE_HOUR_US = 3_600_000_000;

/**
 * Microsecond resolution with 3 significant digits, auto-resizing past an hour. The plain JS
 * Int32 implementation: WebAssembly would need per-thread initialisation and explicit frees,
 * and recording a few hundred thousand samples a second does not need it.
 */
export function newHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: ONE_HOUR_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Compact form for crossing threads (a few KB whatever the sample count). */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function addEncoded(into: Histogram, encoded: string): void {
  into.add(hdr.decodeFromCompressedBase64(encoded, 32, false));
}
