import type { HistogramView, RunResult } from 'kali';
import type { ChartSpec } from './chart-spec.js';
import { spectrumPoints } from './spectrum.js';
import { timelineCharts } from './timeline.js';

/** How the writer turns a result's histogram text into a view (kali.decodeHistogram). */
export type DecodeHistogram = (encoded: string) => HistogramView;

/** Every latency metric's histogram decoded, by name; one that does not decode names its metric. */
export function decodeHistograms(result: RunResult, decode: DecodeHistogram): Map<string, HistogramView> {
  const views = new Map<string, HistogramView>();
  for (const [name, m] of Object.entries(result.metrics)) {
    if (m.kind !== 'latency') continue;
    try {
      views.set(name, decode(m.histogram));
    } catch (err) {
      throw new Error(`metric ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return views;
}

/**
 * The page's charts: a percentile spectrum per latency metric that has samples (an empty one
 * would be a chart without a line), then the timelines.
 */
export function reportCharts(result: RunResult, views: ReadonlyMap<string, HistogramView>): ChartSpec[] {
  const charts: ChartSpec[] = [];
  let index = 0;
  for (const [name, view] of views) {
    const { x, ms } = spectrumPoints(view);
    if (x.length === 0) continue;
    charts.push({
      id: `spectrum-${index++}`,
      title: `${result.metrics[name].title} (${name}): percentile spectrum`,
      kind: 'spectrum',
      unit: 'ms',
      x,
      series: [{ label: name, values: ms }],
    });
  }
  return [...charts, ...timelineCharts(result)];
}
