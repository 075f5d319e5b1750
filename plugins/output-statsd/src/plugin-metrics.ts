import type { LatencySummary, MetricValue, Percentile } from 'kali';
import type { Metric } from './metric-set.js';

type LatencyValue = Extract<MetricValue, { kind: 'latency' }>;
type CounterValue = Extract<MetricValue, { kind: 'counter' }>;

/**
 * Plugin latency metrics that the measurements' summaries do not already cover (the host lists
 * measurements among the metrics too, and those keep tcpkali's `latency.<kind>` lines).
 */
export function extraLatencies(metrics: readonly MetricValue[], covered: Iterable<string>): LatencyValue[] {
  const skip = new Set(covered);
  return metrics.filter((m): m is LatencyValue => m.kind === 'latency' && !skip.has(m.name));
}

/** A plugin's histogram at the configured percentiles, in the measurements' summary shape (ms). */
export function summaryOf(m: LatencyValue, percentiles: readonly Percentile[]): LatencySummary {
  const h = m.histogram;
  return {
    name: m.name,
    title: m.title,
    count: h.count,
    minMs: h.minUs / 1000,
    meanMs: h.meanUs / 1000,
    maxMs: h.maxUs / 1000,
    percentiles: percentiles.map((p) => ({
      label: p.label,
      value: p.value,
      ms: h.percentile(p.value) / 1000,
    })),
  };
}

/**
 * Plugin counters as StatsD sees them: `plugin.<name>` counts the change of the total since the
 * previous report (so the daemon's sum is the total), `plugin.<name>.rate` is a gauge of the
 * rate per second. A total that goes backwards sends 0, as the traffic counters do.
 */
export class PluginCounters {
  private readonly sent = new Map<string, number>();

  lines(counters: readonly CounterValue[], totalOf: (c: CounterValue) => number = (c) => c.total): Metric[] {
    return counters.flatMap((c) => {
      const before = this.sent.get(c.name) ?? 0;
      const delta = Math.max(0, totalOf(c) - before);
      this.sent.set(c.name, before + delta);
      return [
        { name: `plugin.${c.name}`, kind: 'c' as const, value: delta },
        { name: `plugin.${c.name}.rate`, kind: 'g' as const, value: Math.round(c.perSecond * 100) / 100 },
      ];
    });
  }

  /** Every counter seen so far at 0, for the closing all-zero report. */
  zeros(): Metric[] {
    return [...this.sent.keys()].flatMap((name) => [
      { name: `plugin.${name}`, kind: 'c' as const, value: 0 },
      { name: `plugin.${name}.rate`, kind: 'g' as const, value: 0 },
    ]);
  }
}

export const countersIn = (metrics: readonly MetricValue[]): CounterValue[] =>
  metrics.filter((m): m is CounterValue => m.kind === 'counter');
