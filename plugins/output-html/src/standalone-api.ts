import { getSystemErrorMap } from 'node:util';
import * as hdr from 'hdr-histogram-js';
import type { HistogramView, KaliApi } from 'kali';

/**
 * The two host services `kali report` needs, for a command that no run hands a KaliApi: the
 * histogram decoding and the error wording of kali.decodeHistogram and kali.describeError, which
 * a unit test holds equal to the host's.
 */
export const standaloneApi: Pick<KaliApi, 'decodeHistogram' | 'describeError'> = {
  decodeHistogram,
  describeError,
};

/** The host encodes histograms with 32-bit buckets; decoding must use the same width. */
const BIT_BUCKET_SIZE = 32;

function decodeHistogram(encoded: string): HistogramView {
  let h: hdr.Histogram;
  try {
    h = hdr.decodeFromCompressedBase64(encoded, BIT_BUCKET_SIZE, false);
  } catch {
    throw new Error('not an HdrHistogram (compressed base64)');
  }
  const empty = h.totalCount === 0;
  return {
    count: h.totalCount,
    minUs: empty ? 0 : h.minNonZeroValue,
    maxUs: empty ? 0 : h.maxValue,
    meanUs: empty ? 0 : h.mean,
    stdevUs: empty ? 0 : h.stdDeviation,
    percentile: (p) => (empty ? 0 : h.getValueAtPercentile(p)),
    buckets: () => {
      const out: { us: number; count: number }[] = [];
      const it = (h as hdr.JsHistogram).recordedValuesIterator;
      it.reset();
      while (it.hasNext()) {
        const v = it.next();
        out.push({ us: v.valueIteratedTo, count: v.countAtValueIteratedTo });
      }
      return out;
    },
    encode: () => encoded,
  };
}

const systemErrors = getSystemErrorMap();

/** strerror()'s wording where libuv's differs, for the errors reading and writing files meet. */
const GLIBC_WORDING: Record<string, string> = { EISDIR: 'Is a directory', EIO: 'Input/output error' };

function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  if (typeof e?.code === 'string' && GLIBC_WORDING[e.code]) return GLIBC_WORDING[e.code];
  const entry = typeof e?.errno === 'number' ? systemErrors.get(e.errno) : undefined;
  if (entry) return entry[1].charAt(0).toUpperCase() + entry[1].slice(1);
  return (e instanceof Error ? e.message : String(err)).split('\n')[0];
}
