import { decodedView } from '../engine/histogram-view.js';
import type { Percentile, RunConfig } from '../interfaces/config.js';
import type { LatencyResult, ResultMetric, RunResult } from '../interfaces/result.js';
import type { FinalReport, LatencySummary } from '../interfaces/stats.js';

/**
 * A result document as the final report a run hands its outputs, so that the output plugins
 * print a stored or merged result exactly as they print a run's. `measurements` are the metrics
 * the run's measurement plugins keep, in their order: outputs give those tcpkali's own latency
 * lines; `percentiles` are the configured ones those lines show.
 */
export function resultToReport(
  result: RunResult,
  measurements: readonly string[],
  percentiles: readonly Percentile[],
): FinalReport {
  const { traffic, connections: c } = result;
  const latencies: LatencySummary[] = [];
  for (const name of measurements) {
    const m = result.metrics[name];
    if (m?.kind === 'latency') latencies.push(latencySummary(name, m, percentiles));
  }
  return {
    traffic: {
      bytesSent: traffic.bytes.out,
      bytesRcvd: traffic.bytes.in,
      writes: traffic.writes,
      reads: traffic.reads,
      msgsSent: traffic.messages.out,
      msgsRcvd: traffic.messages.in,
    },
    // A run's report holds these counters over the whole run, and the gauges at its end.
    conns: {
      openIn: c.openAtEnd.in,
      openOut: c.openAtEnd.out,
      connecting: 0,
      initiated: c.run.opened.out + c.run.failed.total,
      accepted: c.run.opened.in,
      failures: c.run.failed.total,
      timeouts: c.run.failed.timedOut,
      closedByPeerIn: c.run.closedByPeer.in,
      closedByPeerOut: c.run.closedByPeer.out,
    },
    duration: result.time.steadySeconds,
    openConnections: c.openAtEnd.in + c.openAtEnd.out,
    messageMarkers: traffic.messageMarkers,
    latencies,
    metrics: Object.entries(result.metrics).map(([name, m]) => metricValue(name, m)),
  };
}

function latencySummary(name: string, m: LatencyResult, percentiles: readonly Percentile[]): LatencySummary {
  // Any percentile, not only the stored ones: the histogram holds them all.
  const h = decodedView(m.histogram);
  return {
    name,
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

function metricValue(name: string, m: ResultMetric): FinalReport['metrics'][number] {
  const base = { name, title: m.title, plugin: m.plugin, origin: m.origin };
  return m.kind === 'counter'
    ? { ...base, kind: 'counter', total: m.total, perSecond: m.perSecond }
    : { ...base, kind: 'latency', histogram: decodedView(m.histogram) };
}

/**
 * The configuration outputs see for a stored result: the run's own (its percentiles, latency
 * flags and destinations decide what the report prints) over kali's defaults, which stand in for
 * whatever the document lacks or holds in a shape this kali does not know. Output plugins keep
 * their defaults and `--output` is empty, so that reporting a result reports it the way a run
 * with no output options would, and never sends it where the run's outputs sent theirs (a metrics
 * server, the run's own result file).
 */
export function reportConfig(
  stored: Record<string, unknown>,
  defaults: RunConfig,
  outputPlugins: ReadonlySet<string>,
): RunConfig {
  const revived = reviveInfinity(stored) as Record<string, unknown>;
  const config: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(revived)) {
    if (key === 'outputs' || key === 'pluginOptions' || key === 'latency') continue;
    const fallback = (defaults as unknown as Record<string, unknown>)[key];
    if (fallback === undefined || sameShape(fallback, value)) config[key] = value;
  }
  config.latency = { ...defaults.latency, ...latencyOf(revived.latency) };
  config.outputs = [];
  const options: RunConfig['pluginOptions'] = { ...defaults.pluginOptions };
  if (isRecord(revived.pluginOptions)) {
    for (const [plugin, values] of Object.entries(revived.pluginOptions)) {
      if (!outputPlugins.has(plugin) && isRecord(values))
        options[plugin] = values as RunConfig['pluginOptions'][string];
    }
  }
  config.pluginOptions = options;
  return config as unknown as RunConfig;
}

/** The document's latency settings that have the types a RunConfig's have. */
function latencyOf(value: unknown): Partial<RunConfig['latency']> {
  if (!isRecord(value)) return {};
  const out: Partial<RunConfig['latency']> = {};
  for (const flag of ['connect', 'firstByte', 'messageMarker'] as const)
    if (typeof value[flag] === 'boolean') out[flag] = value[flag];
  if (typeof value.markerSkip === 'number') out.markerSkip = value.markerSkip;
  const p = value.percentiles;
  if (
    Array.isArray(p) &&
    p.every((x) => isRecord(x) && typeof x.value === 'number' && typeof x.label === 'string')
  )
    out.percentiles = p as Percentile[];
  return out;
}

/** The writer stores infinite values (an endless -T) as null, JSON having no Infinity. */
function reviveInfinity(value: unknown): unknown {
  if (value === null) return Number.POSITIVE_INFINITY;
  if (Array.isArray(value)) return value.map(reviveInfinity);
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveInfinity(v)]));
  return value;
}

function sameShape(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b);
  return typeof a === typeof b && (a === null) === (b === null);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
