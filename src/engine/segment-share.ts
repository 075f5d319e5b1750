import type { RunConfig, SegmentSpec } from '../interfaces/config.js';
import { rateShare, shareOf } from './split-work.js';

/**
 * `--segment K/N`: this process's part of the whole `-c` and `--connect-rate`. Segments split the
 * load the way one process splits it over its worker threads, and before it does: the first
 * segments take one connection more when `-c` does not divide by N, and the connect rate follows
 * the connections, so every segment ramps up in the same time and their steady phases, started
 * together by `--start-at`, line up.
 */
export function segmentShare(
  whole: Pick<RunConfig, 'connections' | 'connectRate'>,
  index: number,
  count: number,
): { connections: number; connectRate: number; segment: SegmentSpec } {
  const connections = shareOf(whole.connections, count, index - 1);
  return {
    connections,
    connectRate: rateShare(whole.connectRate, connections, whole.connections, count),
    segment: { index, count, wholeConnections: whole.connections, wholeConnectRate: whole.connectRate },
  };
}
