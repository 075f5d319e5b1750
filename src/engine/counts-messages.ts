import type { RunConfig } from '../interfaces/config.js';

/**
 * Whether a run counts messages, and so reports message rates: with message markers (tcpkali's
 * rule), or when a protocol frames requests and replies (a URL destination selects one).
 */
export function countsMessages(config: Readonly<RunConfig>): boolean {
  return config.latency.messageMarker || config.destinations.some((d) => d.scheme !== undefined);
}
