import { addEncoded, newHistogram } from '../engine/histogram.js';
import { histogramView } from '../engine/histogram-view.js';
import { ExitStatus, KaliError } from '../errors/index.js';
import type {
  CounterResult,
  InOut,
  IntervalMetric,
  IntervalRecord,
  LatencyResult,
  ResultConnections,
  ResultMetric,
  ResultTime,
  ResultTraffic,
  RunResult,
} from '../interfaces/result.js';
import { latencyFigures } from './metric-results.js';
import { RESULT_SCHEMA_ID, RESULT_SCHEMA_VERSION } from './result-schema.js';

/**
 * Adds results up as if one process had run everything (`kali merge`): the load of one test
 * split across processes or machines that ran side by side.
 *
 * Counts are summed and latency histograms added, and every figure derived from them (rates,
 * means, percentiles) is computed again from the sums, never averaged: the mean of two p99s is
 * not the p99 of anything. Rates divide by the longest steady phase of the inputs, because runs
 * side by side overlap: two 10 s runs at once moved their bytes in 10 s, not 20. (Results of runs
 * one after the other would get rates that are too high; merge is not meant for those.)
 *
 * Interval records are merged by position when every input recorded at the same interval, which
 * is exact for counts and rates; their latency percentiles were not kept with histograms, so the
 * merged interval takes the highest of the inputs' (an upper bound, not the true figure). Inputs
 * with different intervals lose their records. Threshold verdicts are dropped: they judged the
 * parts, not the whole.
 */
export function mergeResults(results: readonly RunResult[], names: readonly string[] = []): RunResult {
  if (results.length === 0) throw new KaliError('nothing to merge', ExitStatus.USAGE, 'E_USAGE');
  const name = (i: number) => names[i] ?? `result ${i + 1}`;
  const first = results[0];
  const time = mergeTime(results.map((r) => r.time));
  const seconds = time.steadySeconds;
  const connections = mergeConnections(results.map((r) => r.connections));
  const intervalSeconds = commonInterval(results);
  return {
    // The document is this kali's making, whatever minor version the inputs were written in.
    $schema: RESULT_SCHEMA_ID,
    schemaVersion: RESULT_SCHEMA_VERSION,
    kali: first.kali,
    command: first.command,
    config: first.config,
    status: 'merged',
    time,
    connections,
    traffic: mergeTraffic(
      results.map((r) => r.traffic),
      seconds,
      connections.openAtEnd,
    ),
    metrics: mergeMetrics(results, seconds, name),
    intervalSeconds,
    intervals: intervalSeconds === null ? [] : mergeIntervals(results.map((r) => r.intervals)),
    thresholds: [],
    exitStatus: worstExit(results.map((r) => r.exitStatus)),
    // A merged input stands for the runs it was made of.
    mergedFrom: results.reduce((n, r) => n + (r.mergedFrom ?? 1), 0),
  };
}

function mergeTime(times: readonly ResultTime[]): ResultTime {
  const start = earliest(times.map((t) => t.start)) as string;
  const end = times.some((t) => t.end === null) ? null : latest(times.map((t) => t.end));
  return {
    start,
    end,
    steadyStart: earliest(times.map((t) => t.steadyStart)),
    steadyEnd: latest(times.map((t) => t.steadyEnd)),
    steadySeconds: Math.max(...times.map((t) => t.steadySeconds)),
    totalSeconds:
      end === null
        ? Math.max(...times.map((t) => t.totalSeconds))
        : Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000),
  };
}

function earliest(stamps: readonly (string | null)[]): string | null {
  const known = stamps.filter((s): s is string => s !== null);
  return known.length === 0 ? null : known.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

function latest(stamps: readonly (string | null)[]): string | null {
  const known = stamps.filter((s): s is string => s !== null);
  return known.length === 0 ? null : known.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

function mergeConnections(all: readonly ResultConnections[]): ResultConnections {
  const failed = (pick: (c: ResultConnections) => ResultConnections['failed']) => ({
    total: sum(all.map((c) => pick(c).total)),
    timedOut: sum(all.map((c) => pick(c).timedOut)),
    byReason: addRecords(all.map((c) => pick(c).byReason)),
  });
  return {
    opened: addInOut(all.map((c) => c.opened)),
    openAtEnd: addInOut(all.map((c) => c.openAtEnd)),
    closedByPeer: addInOut(all.map((c) => c.closedByPeer)),
    failed: failed((c) => c.failed),
    run: {
      opened: addInOut(all.map((c) => c.run.opened)),
      closedByPeer: addInOut(all.map((c) => c.run.closedByPeer)),
      failed: failed((c) => c.run.failed),
    },
  };
}

function mergeTraffic(all: readonly ResultTraffic[], seconds: number, openAtEnd: InOut): ResultTraffic {
  const bytes = addInOut(all.map((t) => t.bytes));
  const messages = addInOut(all.map((t) => t.messages));
  const bits = { in: perSecond(bytes.in * 8, seconds), out: perSecond(bytes.out * 8, seconds) };
  // tcpkali's per-channel figure: both directions over the connections open at the end.
  const channels = Math.max(1, openAtEnd.in + openAtEnd.out);
  return {
    bytes,
    messages,
    reads: sum(all.map((t) => t.reads)),
    writes: sum(all.map((t) => t.writes)),
    rates: {
      bits,
      messages: { in: perSecond(messages.in, seconds), out: perSecond(messages.out, seconds) },
      bitsPerChannel: (bits.in + bits.out) / channels,
    },
    messageMarkers: all.some((t) => t.messageMarkers),
  };
}

function mergeMetrics(
  results: readonly RunResult[],
  seconds: number,
  name: (i: number) => string,
): Record<string, ResultMetric> {
  const byName = new Map<string, { metric: ResultMetric; input: number }[]>();
  results.forEach((r, input) => {
    for (const [metricName, metric] of Object.entries(r.metrics)) {
      const seen = byName.get(metricName) ?? [];
      const other = seen.find((s) => s.metric.kind !== metric.kind);
      if (other) {
        throw new KaliError(
          `${name(input)}: metric "${metricName}" is a ${metric.kind} there but a ${other.metric.kind} in ${name(other.input)}; results of different kinds cannot be merged`,
          ExitStatus.DATA,
          'E_RESULT',
        );
      }
      seen.push({ metric, input });
      byName.set(metricName, seen);
    }
  });
  const out: Record<string, ResultMetric> = {};
  for (const [metricName, seen] of byName) {
    const metrics = seen.map((s) => s.metric);
    out[metricName] =
      metrics[0].kind === 'counter'
        ? mergeCounter(metrics as CounterResult[], seconds)
        : mergeLatency(metrics as LatencyResult[]);
  }
  return out;
}

function mergeCounter(all: readonly CounterResult[], seconds: number): CounterResult {
  const total = sum(all.map((m) => m.total));
  return { ...about(all[0]), kind: 'counter', total, perSecond: perSecond(total, seconds) };
}

/** Exact: the histograms are added, and every figure is read from the sum as a run reads it. */
function mergeLatency(all: readonly LatencyResult[]): LatencyResult {
  const h = newHistogram();
  for (const m of all) addEncoded(h, m.histogram);
  const labels = [...new Set(all.flatMap((m) => Object.keys(m.percentiles)))].sort(
    (a, b) => Number(a) - Number(b),
  );
  const percentiles = labels.map((label) => ({ label, value: Number(label) }));
  return { ...about(all[0]), kind: 'latency', ...latencyFigures(histogramView(h), percentiles) };
}

/** What a metric says about itself; the first input's words are kept. */
function about(m: ResultMetric): Pick<ResultMetric, 'title' | 'plugin' | 'origin' | 'window'> {
  return { title: m.title, plugin: m.plugin, origin: m.origin, window: m.window };
}

/** The inputs' interval if they all recorded at the same one; null drops the records. */
function commonInterval(results: readonly RunResult[]): number | null {
  const first = results[0].intervalSeconds;
  return results.every((r) => r.intervalSeconds === first) ? first : null;
}

function mergeIntervals(all: readonly IntervalRecord[][]): IntervalRecord[] {
  const length = Math.max(0, ...all.map((records) => records.length));
  const out: IntervalRecord[] = [];
  for (let i = 0; i < length; i++) {
    const records = all.flatMap((r) => (i < r.length ? [r[i]] : []));
    const pick = (f: (r: IntervalRecord) => InOut) => addInOut(records.map(f));
    out.push({
      start: records[0].start,
      end: records[0].end,
      // The whole is still ramping up while any part is.
      phase: records.some((r) => r.phase === 'ramp-up') ? 'ramp-up' : 'steady',
      open: pick((r) => r.open),
      connecting: sum(records.map((r) => r.connecting)),
      opened: pick((r) => r.opened),
      failed: sum(records.map((r) => r.failed)),
      bytes: pick((r) => r.bytes),
      messages: pick((r) => r.messages),
      // Every record covers the same length of time, so the rates add up like the counts.
      rates: { bits: pick((r) => r.rates.bits), messages: pick((r) => r.rates.messages) },
      metrics: mergeIntervalMetrics(records.map((r) => r.metrics)),
    });
  }
  return out;
}

function mergeIntervalMetrics(
  all: readonly Record<string, IntervalMetric>[],
): Record<string, IntervalMetric> {
  const names = [...new Set(all.flatMap((m) => Object.keys(m)))];
  const out: Record<string, IntervalMetric> = {};
  for (const metricName of names) {
    const metrics = all.flatMap((m) => (m[metricName] ? [m[metricName]] : []));
    const kind = metrics[0].kind;
    // The whole run's metrics were checked for kinds; a record that disagrees is left out.
    const same = metrics.filter((m) => m.kind === kind);
    if (kind === 'counter') {
      const counters = same as Extract<IntervalMetric, { kind: 'counter' }>[];
      out[metricName] = {
        kind,
        total: sum(counters.map((m) => m.total)),
        perSecond: sum(counters.map((m) => m.perSecond)),
      };
      continue;
    }
    const latencies = same as Extract<IntervalMetric, { kind: 'latency' }>[];
    const count = sum(latencies.map((m) => m.count));
    const labels = [...new Set(latencies.flatMap((m) => Object.keys(m.percentiles)))].sort(
      (a, b) => Number(a) - Number(b),
    );
    const percentiles: Record<string, number> = {};
    // Not exact: no histogram was kept per interval, so the highest value is an upper bound.
    for (const label of labels)
      percentiles[label] = Math.max(0, ...latencies.map((m) => m.percentiles[label] ?? 0));
    out[metricName] = {
      kind,
      count,
      // Means weighted by their counts are exact.
      mean: count === 0 ? 0 : sum(latencies.map((m) => m.mean * m.count)) / count,
      max: Math.max(0, ...latencies.map((m) => m.max)),
      percentiles,
    };
  }
  return out;
}

/** The first failure, in input order; unknown (a run still going) only if none failed. */
function worstExit(statuses: readonly (number | null)[]): number | null {
  const failed = statuses.find((s) => s !== null && s !== 0);
  if (failed !== undefined) return failed;
  return statuses.includes(null) ? null : 0;
}

function addInOut(all: readonly InOut[]): InOut {
  return { in: sum(all.map((x) => x.in)), out: sum(all.map((x) => x.out)) };
}

function addRecords(all: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of all) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function perSecond(amount: number, seconds: number): number {
  return seconds > 0 ? amount / seconds : 0;
}
