import type { MetricValue, Percentile, RunConfig } from 'kali';
import { formatFixed } from './c-number.js';

/**
 * Whether the run is one tcpkali could not have run (a protocol, `--in-flight`,
 * `--request-timeout`): only then do the request counters the host keeps for `--latency-marker`
 * get lines of their own, so tcpkali's command lines keep tcpkali's report exactly.
 */
function beyondTcpkali(config: Readonly<RunConfig>): boolean {
  return (
    config.inFlight !== undefined ||
    config.requestTimeout !== undefined ||
    config.destinations.some((d) => d.scheme !== undefined)
  );
}

/**
 * The metrics that get lines after tcpkali's: every plugin metric except the latencies already
 * printed as tcpkali's `… latency at percentiles` lines.
 */
export function extraMetrics(
  metrics: readonly MetricValue[],
  config: Readonly<RunConfig>,
  printedLatencies: ReadonlySet<string>,
): MetricValue[] {
  const requestsToo = beyondTcpkali(config);
  return metrics.filter(
    (m) =>
      !(m.kind === 'latency' && printedLatencies.has(m.name)) && (m.origin === 'declared' || requestsToo),
  );
}

/** One line per metric, after tcpkali's summary: latencies like tcpkali's, counters with a rate. */
export function metricLines(metrics: readonly MetricValue[], percentiles: readonly Percentile[]): string[] {
  return metrics.map((m) => {
    if (m.kind === 'counter') return `${m.title}: ${m.total} (${formatFixed(m.perSecond, 1)}/s)`;
    const h = m.histogram;
    const values = percentiles.map((p) => formatFixed(h.percentile(p.value) / 1000, 1)).join('/');
    const labels = percentiles.map((p) => p.label).join('/');
    return `${m.title} at percentiles: ${values} ms (${labels}%)`;
  });
}

/** The live line's share: each counter's rate and each latency's p95. */
export function metricProgress(metrics: readonly MetricValue[]): string {
  // A counter that never moved (no 5xx, no timeouts) is noise on a line that must fit a terminal.
  const shown = metrics.filter((m) => m.kind !== 'counter' || m.total > 0);
  if (shown.length === 0) return '';
  const parts = shown.map((m) =>
    m.kind === 'counter'
      ? `${m.title}=${formatFixed(m.perSecond, 0)}/s`
      : `${m.name}=${m.histogram.count > 0 ? formatFixed(m.histogram.percentile(95) / 1000, 1) : '?'} ms⁹⁵ᵖ`,
  );
  return ` (${parts.join(', ')})`;
}
