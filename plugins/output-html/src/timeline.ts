import type { InOut, IntervalRecord, RunResult } from 'kali';
import type { ChartSpec } from './chart-spec.js';
import { percentileAt } from './percentile-key.js';

/** The percentiles drawn per interval for every latency metric: the typical and the tail. */
const INTERVAL_PERCENTILES = [50, 99] as const;

/**
 * The charts over the run's interval records: traffic, messages when something counts them,
 * latency per interval and open connections. x is the end of each interval, in seconds since
 * the start. No records (a merged result, an output that asked for none): no timeline charts.
 */
export function timelineCharts(result: RunResult): ChartSpec[] {
  const intervals = result.intervals;
  if (intervals.length === 0) return [];
  const x = intervals.map((r) => r.end);
  const charts: ChartSpec[] = [
    {
      id: 'timeline-bits',
      title: 'Traffic',
      kind: 'timeline',
      unit: 'bit/s',
      x,
      series: inOutSeries(intervals, (r) => r.rates.bits, 'sent', 'received'),
    },
  ];
  if (intervals.some((r) => r.messages.in > 0 || r.messages.out > 0)) {
    charts.push({
      id: 'timeline-messages',
      title: 'Messages',
      kind: 'timeline',
      unit: 'msg/s',
      x,
      series: withoutIdle(inOutSeries(intervals, (r) => r.rates.messages, 'sent', 'received')),
    });
  }
  const latency = latencySeries(result, intervals);
  if (latency.length > 0) {
    charts.push({
      id: 'timeline-latency',
      title: 'Latency per interval',
      kind: 'timeline',
      unit: 'ms',
      x,
      series: latency,
    });
  }
  charts.push({
    id: 'timeline-connections',
    title: 'Open connections',
    kind: 'timeline',
    unit: '',
    x,
    series: withoutIdle(inOutSeries(intervals, (r) => r.open, 'outgoing', 'incoming')),
  });
  return charts;
}

/**
 * `out` first: a load generator's own side is what it sends and the connections it makes. In a
 * result, bytes and messages `in` are received and `out` sent; connections `in` are accepted.
 */
function inOutSeries(
  intervals: readonly IntervalRecord[],
  pick: (r: IntervalRecord) => InOut,
  outLabel: string,
  inLabel: string,
): ChartSpec['series'] {
  return [
    { label: outLabel, values: intervals.map((r) => pick(r).out) },
    { label: inLabel, values: intervals.map((r) => pick(r).in) },
  ];
}

/**
 * A side that never had a connection (no -l, or a sink), or messages nobody counted (received
 * ones without a marker), would only draw a line along zero.
 */
function withoutIdle(series: ChartSpec['series']): ChartSpec['series'] {
  const busy = series.filter((s) => s.values.some((v) => v !== 0 && v !== null));
  return busy.length > 0 ? busy : series.slice(0, 1);
}

/**
 * p50 and p99 of each latency metric per interval, in the result's order; null where an
 * interval recorded no sample of it. A metric without a sample in any interval (connect latency
 * after ramp-up is over, say, when every interval is steady) is left out.
 */
function latencySeries(result: RunResult, intervals: readonly IntervalRecord[]): ChartSpec['series'] {
  const out: ChartSpec['series'] = [];
  for (const [name, metric] of Object.entries(result.metrics)) {
    if (metric.kind !== 'latency') continue;
    const sampled = intervals.some((r) => {
      const m = r.metrics[name];
      return m?.kind === 'latency' && m.count > 0;
    });
    if (!sampled) continue;
    for (const p of INTERVAL_PERCENTILES) {
      out.push({
        label: `${name} p${p}`,
        values: intervals.map((r) => {
          const m = r.metrics[name];
          if (m?.kind !== 'latency' || m.count === 0) return null;
          return percentileAt(m.percentiles, p) ?? null;
        }),
      });
    }
  }
  return out;
}
