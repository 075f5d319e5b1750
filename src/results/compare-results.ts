import { UsageFailure } from '../errors/index.js';
import type { MetricKind } from '../interfaces/metrics.js';
import type { RunResult } from '../interfaces/result.js';
import { type Figure, resolveFigure } from './result-figures.js';

/** Which way a figure gets worse: latencies and failures when they grow, rates when they shrink. */
export type Worse = 'higher' | 'lower';

/** One row of the comparison: a figure both results hold. */
export interface ComparedFigure {
  /** Its name as `--threshold` and `--tolerance` read it (src/results/result-figures.ts). */
  name: string;
  unit: Figure['unit'];
  /** Null where a result has no data for it (a latency without samples). */
  base: number | null;
  next: number | null;
  worse: Worse;
}

/** One `--tolerance`: for every figure, or for the one it names. */
export interface Tolerance {
  /** As typed, for messages. */
  text: string;
  figure?: string;
  percent: number;
}

/** A figure that got worse by more than its tolerance allows. */
export interface Breach {
  figure: ComparedFigure;
  /** Relative change in percent; undefined when the base was 0 (worse without measure). */
  change: number | undefined;
  tolerance: Tolerance;
}

/** The latency figures the table shows, in its order. */
const LATENCY_STATS = ['p50', 'p90', 'p99', 'p99.9', 'max', 'mean'] as const;

/** Counters that count trouble: more of them is worse, unlike counts of work done. */
const TROUBLE_COUNTER = /(errors?|timeouts?|failed)$/;

/**
 * The figures BASE and NEW both have, in table order: traffic rates, failed connections, each
 * counter's total and rate, each latency's percentiles, max and mean. Values are read the way
 * `--threshold` reads them, so a name in the table is one a threshold accepts too.
 */
export function compareFigures(base: RunResult, next: RunResult): ComparedFigure[] {
  const kinds = new Map<string, MetricKind>();
  for (const name of sharedMetrics(base, next)) kinds.set(name, base.metrics[name].kind);
  const figures: ComparedFigure[] = [];
  const add = (name: string, worse: Worse) => {
    const figure = resolveFigure(name, kinds);
    if (typeof figure === 'string') return;
    figures.push({ name, unit: figure.unit, base: figure.read(base), next: figure.read(next), worse });
  };
  add('traffic.bits.in.rate', 'lower');
  add('traffic.bits.out.rate', 'lower');
  // Messages are only counted with markers or a protocol; otherwise the rows would be zeros.
  if (base.traffic.messageMarkers || next.traffic.messageMarkers) {
    add('traffic.msgs.in.rate', 'lower');
    add('traffic.msgs.out.rate', 'lower');
  }
  add('connections.failed', 'higher');
  for (const [name, kind] of kinds) {
    if (kind !== 'counter') continue;
    const worse: Worse = TROUBLE_COUNTER.test(name) ? 'higher' : 'lower';
    add(name, worse);
    add(`${name}.rate`, worse);
  }
  for (const [name, kind] of kinds) {
    if (kind !== 'latency') continue;
    for (const stat of LATENCY_STATS) add(`${name}.${stat}`, 'higher');
  }
  return figures;
}

/** Names of the metrics both results hold with the same kind, in BASE's order. */
function sharedMetrics(base: RunResult, next: RunResult): string[] {
  return Object.keys(base.metrics).filter((name) => next.metrics[name]?.kind === base.metrics[name].kind);
}

/** Metrics only one of the results holds, which the table leaves out. */
export function unmatchedMetrics(base: RunResult, next: RunResult): { base: string[]; next: string[] } {
  const only = (a: RunResult, b: RunResult) =>
    Object.keys(a.metrics).filter((name) => b.metrics[name]?.kind !== a.metrics[name].kind);
  return { base: only(base, next), next: only(next, base) };
}

/** NEW against BASE in percent; undefined when BASE is 0 (no ratio means anything) or either has no data. */
export function relativeChange(base: number | null, next: number | null): number | undefined {
  if (base === null || next === null || base === 0) return undefined;
  return ((next - base) / base) * 100;
}

/** `10%` (every figure) or `message.p99=5%` (one); anything else is a usage error naming it. */
export function parseTolerance(text: string): Tolerance {
  const at = text.lastIndexOf('=');
  const figure = at < 0 ? undefined : text.slice(0, at);
  const amount = at < 0 ? text : text.slice(at + 1);
  const match = /^(\d+(?:\.\d*)?|\.\d+)%$/.exec(amount);
  if (figure === '' || !match) {
    throw new UsageFailure(
      `--tolerance=${text}: expected a percentage, for every figure (10%) or for one (message.p99=5%)`,
    );
  }
  return { text, percent: Number(match[1]), ...(figure !== undefined ? { figure } : {}) };
}

/**
 * The figures that got worse by more than their tolerance: the last one naming the figure, else
 * the last one for every figure. A figure that grew from 0 where growing is worse (failures
 * appearing) exceeds any tolerance; one without data on either side is not judged. A tolerance
 * naming no figure of the table is refused, so that a typo does not pass silently.
 */
export function breaches(figures: readonly ComparedFigure[], tolerances: readonly Tolerance[]): Breach[] {
  for (const t of tolerances) {
    if (t.figure !== undefined && !figures.some((f) => f.name === t.figure)) {
      throw new UsageFailure(
        `--tolerance=${t.text}: no figure named ${t.figure} in both results (see the FIGURE column)`,
      );
    }
  }
  const out: Breach[] = [];
  for (const figure of figures) {
    const tolerance =
      tolerances.findLast((t) => t.figure === figure.name) ??
      tolerances.findLast((t) => t.figure === undefined);
    if (!tolerance || figure.base === null || figure.next === null) continue;
    const change = relativeChange(figure.base, figure.next);
    const exceeded =
      change === undefined
        ? figure.worse === 'higher' && figure.next > 0
        : figure.worse === 'higher'
          ? change > tolerance.percent
          : -change > tolerance.percent;
    if (exceeded) out.push({ figure, change, tolerance });
  }
  return out;
}

/** The side-by-side table, one string per line: FIGURE, BASE, NEW, CHANGE. */
export function comparisonTable(figures: readonly ComparedFigure[]): string[] {
  const rows = [
    ['FIGURE', 'BASE', 'NEW', 'CHANGE'],
    ...figures.map((f) => [
      f.name,
      formatValue(f, f.base),
      formatValue(f, f.next),
      formatChange(relativeChange(f.base, f.next)),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '),
  );
}

/** The lines after the table that say what exceeded its tolerance. */
export function breachLines(found: readonly Breach[]): string[] {
  if (found.length === 0) return [];
  return [
    `Worse than tolerated (${found.length}):`,
    ...found.map(
      ({ figure: f, change, tolerance }) =>
        `  ${f.name}: ${formatValue(f, f.base)} -> ${formatValue(f, f.next)} (${change === undefined ? 'from 0' : formatChange(change)}, tolerance ${tolerance.percent}%)`,
    ),
  ];
}

/** Bits in tcpkali's way (3 decimals, scaled), other rates with 1, latencies to the microsecond. */
export function formatValue(figure: Pick<ComparedFigure, 'name' | 'unit'>, value: number | null): string {
  if (value === null) return 'no data';
  if (figure.name.startsWith('traffic.bits.')) return bitRate(value);
  switch (figure.unit) {
    case '1/s':
      return `${value.toFixed(1)}/s`;
    case 'ms':
      return `${value.toFixed(3)} ms`;
    default:
      return String(value);
  }
}

/** Scaled so that slow runs (a few kbps) do not all read 0.000 Mbps. */
function bitRate(bps: number): string {
  const [scale, unit] =
    bps >= 1e9 ? [1e9, 'Gbps'] : bps >= 1e6 ? [1e6, 'Mbps'] : bps >= 1e3 ? [1e3, 'kbps'] : [1, 'bps'];
  return `${(bps / scale).toFixed(3)} ${unit}`;
}

/** Signed, one decimal; `—` when there is no ratio (a base of 0, or no data). */
export function formatChange(change: number | undefined): string {
  if (change === undefined) return '—';
  const text = Math.abs(change).toFixed(1);
  if (Number(text) === 0) return '0.0%';
  return `${change > 0 ? '+' : '-'}${text}%`;
}
