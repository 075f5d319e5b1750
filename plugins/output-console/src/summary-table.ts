import type { MetricValue } from 'kali';

const LATENCY_COLUMNS = [
  { head: 'p50', read: (h: Latency) => h.percentile(50) },
  { head: 'p90', read: (h: Latency) => h.percentile(90) },
  { head: 'p99', read: (h: Latency) => h.percentile(99) },
  { head: 'p99.9', read: (h: Latency) => h.percentile(99.9) },
  { head: 'max', read: (h: Latency) => h.maxUs },
  { head: 'mean', read: (h: Latency) => h.meanUs },
];

type Latency = Extract<MetricValue, { kind: 'latency' }>['histogram'];

/**
 * `--summary`: a compact table after tcpkali's lines, the same percentiles for every latency
 * metric (milliseconds, 3 decimals) and every counter's total and rate, aligned for reading.
 */
export function summaryTable(metrics: readonly MetricValue[]): string[] {
  const latencies = metrics.filter((m) => m.kind === 'latency');
  const counters = metrics.filter((m) => m.kind === 'counter');
  const lines: string[] = [];
  if (latencies.length > 0) {
    const rows = [
      ['Latency (ms)', ...LATENCY_COLUMNS.map((c) => c.head), 'count'],
      ...latencies.map((m) => [
        m.name,
        ...LATENCY_COLUMNS.map((c) =>
          m.histogram.count === 0 ? '-' : (c.read(m.histogram) / 1000).toFixed(3),
        ),
        String(m.histogram.count),
      ]),
    ];
    lines.push(...aligned(rows));
  }
  if (counters.length > 0) {
    const rows = [
      ['Counter', 'total', 'per second'],
      ...counters.map((m) => [m.name, String(m.total), m.perSecond.toFixed(1)]),
    ];
    lines.push(...aligned(rows));
  }
  return lines;
}

/** First column left-aligned, the numbers right-aligned, two spaces apart. */
function aligned(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}
