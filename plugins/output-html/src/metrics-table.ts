import type { CounterResult, HistogramView, LatencyResult, RunResult } from 'kali';
import { formatCount, formatMs, formatRate } from './format-number.js';
import { htmlTable, num } from './html-table.js';
import { percentileAt } from './percentile-key.js';

/** The columns every latency metric gets, so that reports of different runs compare. */
const COLUMNS = [50, 90, 99, 99.9] as const;

/**
 * Every metric of the run: latencies (milliseconds) in one table, counters in another. The
 * result's own figures are shown; a standard percentile it lacks is read from the histogram.
 */
export function metricsTables(result: RunResult, views: ReadonlyMap<string, HistogramView>): string {
  const entries = Object.entries(result.metrics);
  const latencies = entries.filter((e): e is [string, LatencyResult] => e[1].kind === 'latency');
  const counters = entries.filter((e): e is [string, CounterResult] => e[1].kind === 'counter');
  const parts: string[] = [];
  if (latencies.length > 0) {
    parts.push(
      htmlTable(
        ['metric', 'title', 'count', 'min', 'mean', ...COLUMNS.map((p) => `p${p}`), 'max'],
        latencies.map(([name, m]) => {
          const view = views.get(name);
          return [
            name,
            m.title,
            num(formatCount(m.count)),
            num(formatMs(m.min)),
            num(formatMs(m.mean)),
            ...COLUMNS.map((p) => num(percentileCell(m, p, view))),
            num(formatMs(m.max)),
          ];
        }),
        'metrics latency',
      ),
    );
  }
  if (counters.length > 0) {
    parts.push(
      htmlTable(
        ['metric', 'title', 'total', 'per second'],
        counters.map(([name, m]) => [name, m.title, num(formatCount(m.total)), num(formatRate(m.perSecond))]),
        'metrics counters',
      ),
    );
  }
  if (parts.length === 0) parts.push('<p class="none">This run recorded no metrics.</p>');
  return parts.join('\n');
}

function percentileCell(m: LatencyResult, p: number, view: HistogramView | undefined): string {
  const ms = percentileAt(m.percentiles, p) ?? (view ? view.percentile(p) / 1000 : undefined);
  return ms === undefined ? '–' : formatMs(ms);
}
