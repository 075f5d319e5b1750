import type { Percentile } from '../interfaces/config.js';
import type { HistogramView, MetricValue, MetricWindow } from '../interfaces/metrics.js';
import type { LatencyResult, ResultMetric } from '../interfaces/result.js';

/**
 * Every metric of the run as the result document holds it: counters with total and rate, latency
 * metrics with their summary in milliseconds at `percentiles` and the whole histogram.
 */
export function metricResults(
  metrics: readonly MetricValue[],
  windows: ReadonlyMap<string, MetricWindow>,
  percentiles: readonly Percentile[],
): Record<string, ResultMetric> {
  const out: Record<string, ResultMetric> = {};
  for (const m of metrics) {
    const about = {
      title: m.title,
      plugin: m.plugin,
      origin: m.origin,
      window: windows.get(m.name) ?? 'steady',
    };
    out[m.name] =
      m.kind === 'counter'
        ? { kind: 'counter', ...about, total: m.total, perSecond: m.perSecond }
        : { kind: 'latency', ...about, ...latencyFigures(m.histogram, percentiles) };
  }
  return out;
}

/** The summary of a histogram in milliseconds; a histogram without samples reads 0 throughout. */
export function latencyFigures(
  h: HistogramView,
  percentiles: readonly Percentile[],
): Omit<LatencyResult, 'kind' | 'title' | 'plugin' | 'origin' | 'window'> {
  const values: Record<string, number> = {};
  for (const p of percentiles) values[p.label] = h.count === 0 ? 0 : h.percentile(p.value) / 1000;
  return {
    count: h.count,
    min: h.minUs / 1000,
    mean: h.meanUs / 1000,
    stdev: h.stdevUs / 1000,
    max: h.maxUs / 1000,
    percentiles: values,
    histogram: h.encode(),
  };
}
