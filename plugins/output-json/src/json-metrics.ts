import type { MetricValue, Percentile } from 'kali';

/** Always written besides the configured percentiles, so that files of different runs compare. */
const STANDARD: readonly Percentile[] = [
  { value: 50, label: '50' },
  { value: 90, label: '90' },
  { value: 99, label: '99' },
  { value: 99.9, label: '99.9' },
];

/**
 * Every plugin metric by name. Counters: the total and its rate per second. Latency metrics:
 * the summary in milliseconds at the configured and the standard percentiles (ascending), and
 * the whole histogram (HdrHistogram compressed base64, microseconds) for later analysis.
 */
export function metricRecords(metrics: readonly MetricValue[], configured: readonly Percentile[]) {
  const percentiles = [
    ...configured,
    ...STANDARD.filter((s) => !configured.some((c) => c.value === s.value)),
  ].sort((a, b) => a.value - b.value);
  const out: Record<string, ReturnType<typeof metricRecord>> = {};
  for (const m of metrics) out[m.name] = metricRecord(m, percentiles);
  return out;
}

function metricRecord(m: MetricValue, percentiles: readonly Percentile[]) {
  const about = { kind: m.kind, title: m.title, plugin: m.plugin, origin: m.origin };
  if (m.kind === 'counter') return { ...about, total: m.total, perSecond: m.perSecond };
  const h = m.histogram;
  return {
    ...about,
    count: h.count,
    minMs: h.minUs / 1000,
    meanMs: h.meanUs / 1000,
    stdevMs: h.stdevUs / 1000,
    maxMs: h.maxUs / 1000,
    percentiles: percentiles.map((p) => ({
      label: p.label,
      percentile: p.value,
      ms: h.percentile(p.value) / 1000,
    })),
    histogram: h.encode(),
  };
}
