/**
 * What the page draws, computed in Node when the report is written: the page only hands these
 * numbers to uPlot, so it needs no histogram decoding and no knowledge of the result format.
 */
export interface ChartSpec {
  /** Unique on the page; also the container's id. */
  id: string;
  title: string;
  /** `spectrum`: x is 1/(1-p), drawn on a log scale with percentile ticks; `timeline`: seconds. */
  kind: 'spectrum' | 'timeline';
  /** The y axis unit, for ticks and the legend (`ms`, `bit/s`, `msg/s`, ``). */
  unit: string;
  x: number[];
  /** null: no value for that x (an interval without samples); the line has a gap there. */
  series: { label: string; values: (number | null)[] }[];
}
