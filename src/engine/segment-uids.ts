import type { SegmentSpec } from '../interfaces/config.js';
import { offsetOf, shareOf } from './split-work.js';

/**
 * `connection.uid`s unique across the segments of a load, so that `\{connection.uid}` addresses
 * the same keys it would in one process. The n-th connection a segment creates (n from 1) is
 * numbered:
 *
 * - within its share of `-c`: right after the connections of the segments before it, so the
 *   first connections of all segments are 1…c, as in one process;
 * - beyond it (connections replaced after `--channel-lifetime`, a close or a failure): above c,
 *   interleaved by segment (c + K, c + N + K, c + 2N + K, …), so no two segments ever meet and
 *   none needs to know how many the others replaced.
 *
 * Without segments (or with 1/1) the n-th connection is simply n.
 */
export function segmentUid(n: number, segment: SegmentSpec | undefined): number {
  if (!segment) return n;
  const { index, count, wholeConnections: whole } = segment;
  const share = shareOf(whole, count, index - 1);
  if (n <= share) return offsetOf(whole, count, index - 1) + n;
  return whole + (n - share - 1) * count + index;
}
