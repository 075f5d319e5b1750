import type { RunConfig } from '../interfaces/config.js';
import type { FinalReport } from '../interfaces/stats.js';
import { countsMessages } from './counts-messages.js';
import type { PipelineResult } from './protocol.js';
import { addConnections, addTraffic } from './stats-merger.js';
import { zeroConnections, zeroTraffic } from './worker/counters.js';

/** tcpkali says nothing about failed connects unless -v; a silent failure hides a broken target. */
export function reportFailedConnects(
  results: readonly (PipelineResult | undefined)[],
  report: FinalReport,
  config: RunConfig,
  log: (line: string) => void,
): void {
  const c = report.conns;
  if (c.failures > 0 && config.verbose === 0) {
    const last = results.find((r) => r?.lastFailure)?.lastFailure;
    const why = last ? `, last: ${last}` : '';
    log(`Connection attempts that failed: ${c.failures} (${c.timeouts} timed out${why}); -v shows each`);
  }
}

export function finalReport(
  results: (PipelineResult | undefined)[],
  duration: number,
  config: RunConfig,
): FinalReport {
  const traffic = zeroTraffic();
  const conns = zeroConnections();
  for (const r of results) {
    if (!r) continue;
    addTraffic(traffic, r.stats.traffic);
    if (r.steadyBaseline) addTraffic(traffic, r.steadyBaseline, -1);
    addConnections(conns, r.stats.conns);
  }
  return {
    traffic,
    conns,
    duration,
    openConnections: conns.openIn + conns.openOut,
    messageMarkers: countsMessages(config),
    latencies: [],
    metrics: [],
  };
}
