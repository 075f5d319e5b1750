import type { FinalReport, LatencySummary, LiveStats, MetricValue, Output, OutputContext } from 'kali';
import { CounterDeltas, sum, zero } from './counter-deltas.js';
import { LatencyWindow, type Measured } from './latency-window.js';
import { figureMetrics, latencyMetrics, type Metric, ZERO_FIGURES } from './metric-set.js';
import { countersIn, extraLatencies, PluginCounters, summaryOf } from './plugin-metrics.js';
import { segmentNamespace } from './segment-namespace.js';
import { statsdSettings } from './statsd-options.js';
import { hotShotsClient, type SinkOptions, type StatsdClient, StatsdSink } from './statsd-sink.js';

export type ClientFactory = (options: SinkOptions) => StatsdClient;

/**
 * tcpkali's `--statsd`: an all-zero report when the output starts, one report per stats tick
 * (about 4 a second), the final figures after the run, then all zeros again so dashboards do
 * not keep showing the last level of a finished test. Plugin metrics ride along in each report.
 * `address` is where datagrams go (the host resolved once, before the run); messages keep the
 * host as the user typed it.
 */
export function createStatsdOutput(
  ctx: OutputContext,
  makeClient: ClientFactory = hotShotsClient,
  address?: string,
): Output {
  const { host, port, namespace, latencyWindow } = statsdSettings(ctx.options);
  const percentiles = ctx.config.latency.percentiles;
  let warned = false;
  const onError = (error: Error) => {
    // A load test must not die because nobody listens for its metrics; one line is enough.
    if (warned) return;
    warned = true;
    ctx.log(`WARNING: StatsD ${host}:${port}: ${error.message}; further StatsD errors are not shown`);
  };
  const sink = new StatsdSink(
    makeClient({
      host: address ?? host,
      port,
      namespace: segmentNamespace(namespace, ctx.config.segment),
      onError,
    }),
    onError,
  );
  const deltas = new CounterDeltas();
  const pluginCounters = new PluginCounters();
  const window =
    latencyWindow === undefined
      ? undefined
      : new LatencyWindow(latencyWindow, percentiles, (m) => ctx.histogram(m)?.encode());
  let last: LiveStats | undefined;
  // Traffic and plugin counts seen while ramping up: the final report leaves them out, the
  // counters do not.
  let rampTraffic = zero();
  let rampCounts = new Map<string, number>();
  let closed = false;

  /** Measurements first (tcpkali's lines), then the plugins' own latency metrics. */
  const latencyLines = (
    summaries: readonly LatencySummary[],
    metrics: readonly MetricValue[],
    windowed: (measured: Measured[]) => LatencySummary[],
  ): Metric[] => {
    const extra = extraLatencies(
      metrics,
      summaries.map((s) => s.name),
    );
    const all = window
      ? windowed([...summaries, ...extra].map((s) => ({ name: s.name, title: s.title })))
      : [...summaries, ...extra.map((m) => summaryOf(m, percentiles))];
    return all.flatMap((s) => latencyMetrics(s.name, s));
  };

  sink.send(figureMetrics(ZERO_FIGURES));

  return {
    onStats(stats: LiveStats) {
      if (closed) return;
      last = stats;
      const counters = countersIn(stats.metrics);
      if (stats.phase === 'ramp-up') {
        rampTraffic = stats.traffic;
        rampCounts = new Map(counters.map((c) => [c.name, c.total]));
      }
      const d = deltas.next({ traffic: stats.traffic, opened: stats.conns.initiated });
      sink.send([
        ...figureMetrics({
          opened: d.opened,
          openIn: stats.conns.openIn,
          openOut: stats.conns.openOut,
          bitsIn: stats.rateBitsIn,
          bitsOut: stats.rateBitsOut,
          traffic: d.traffic,
        }),
        ...latencyLines(
          Object.values(stats.latency),
          stats.metrics,
          (m) => window?.tick(stats.elapsed, m) ?? [],
        ),
        ...pluginCounters.lines(counters),
      ]);
    },

    onReport(report: FinalReport) {
      if (closed) return;
      // The counters sent so far stop at the last tick; this carries the rest of the run.
      const d = deltas.next({ traffic: sum(report.traffic, rampTraffic), opened: report.conns.initiated });
      sink.send([
        ...figureMetrics({
          opened: d.opened,
          openIn: report.conns.openIn,
          openOut: report.conns.openOut,
          bitsIn: last?.rateBitsIn ?? 0,
          bitsOut: last?.rateBitsOut ?? 0,
          traffic: d.traffic,
        }),
        ...latencyLines(report.latencies, report.metrics, (m) => window?.rest(m) ?? []),
        ...pluginCounters.lines(countersIn(report.metrics), (c) => c.total + (rampCounts.get(c.name) ?? 0)),
      ]);
    },

    async close() {
      if (closed) return;
      closed = true;
      // Also after SIGINT, SIGTERM or a failed run: the host exits once this resolves, so the
      // zeros must be flushed and the socket closed by then, or dashboards keep the old levels.
      sink.send([...figureMetrics(ZERO_FIGURES), ...pluginCounters.zeros()]);
      await sink.close();
    },
  };
}
