import type { FinalReport, LatencySummary, LiveStats, Output, OutputContext } from 'kali';
import { CounterDeltas, sum, zero } from './counter-deltas.js';
import { LatencyWindow, type Measured } from './latency-window.js';
import { figureMetrics, latencyMetrics, type Metric, ZERO_FIGURES } from './metric-set.js';
import { hotShotsClient, type SinkOptions, type StatsdClient, StatsdSink } from './statsd-sink.js';

export type ClientFactory = (options: SinkOptions) => StatsdClient;

/**
 * tcpkali's `--statsd`: an all-zero report when the output starts, one report per stats tick
 * (about 4 a second), the final figures after the run, then all zeros again so dashboards do
 * not keep showing the last level of a finished test. `address` is where datagrams go (the
 * host resolved once, before the run); messages keep the host as the user typed it.
 */
export function createStatsdOutput(
  ctx: OutputContext,
  makeClient: ClientFactory = hotShotsClient,
  address: string = ctx.config.statsd.host,
): Output {
  const { host, port, namespace, latencyWindow } = ctx.config.statsd;
  let warned = false;
  const onError = (error: Error) => {
    // A load test must not die because nobody listens for its metrics; one line is enough.
    if (warned) return;
    warned = true;
    ctx.log(`WARNING: StatsD ${host}:${port}: ${error.message}; further StatsD errors are not shown`);
  };
  const sink = new StatsdSink(makeClient({ host: address, port, namespace, onError }), onError);
  const deltas = new CounterDeltas();
  const window =
    latencyWindow === undefined
      ? undefined
      : new LatencyWindow(latencyWindow, ctx.config.latency.percentiles, (m) => ctx.histogram(m)?.encode());
  let last: LiveStats | undefined;
  // Traffic seen while ramping up: the final report leaves it out, the counters do not.
  let rampTraffic = zero();
  let closed = false;

  const measured = (stats: LiveStats): Measured[] =>
    Object.values(stats.latency).map((s) => ({ name: s.name, title: s.title }));
  const latencyLines = (summaries: readonly LatencySummary[]): Metric[] =>
    summaries.flatMap((s) => latencyMetrics(s.name, s));

  sink.send(figureMetrics(ZERO_FIGURES));

  return {
    onStats(stats: LiveStats) {
      if (closed) return;
      last = stats;
      if (stats.phase === 'ramp-up') rampTraffic = stats.traffic;
      const d = deltas.next({ traffic: stats.traffic, opened: stats.conns.initiated });
      const summaries = window ? window.tick(stats.elapsed, measured(stats)) : Object.values(stats.latency);
      sink.send([
        ...figureMetrics({
          opened: d.opened,
          openIn: stats.conns.openIn,
          openOut: stats.conns.openOut,
          bitsIn: stats.rateBitsIn,
          bitsOut: stats.rateBitsOut,
          traffic: d.traffic,
        }),
        ...latencyLines(summaries),
      ]);
    },

    onReport(report: FinalReport) {
      if (closed) return;
      // The counters sent so far stop at the last tick; this carries the rest of the run.
      const d = deltas.next({ traffic: sum(report.traffic, rampTraffic), opened: report.conns.initiated });
      const summaries = window
        ? window.rest(report.latencies.map((s) => ({ name: s.name, title: s.title })))
        : report.latencies;
      sink.send([
        ...figureMetrics({
          opened: d.opened,
          openIn: report.conns.openIn,
          openOut: report.conns.openOut,
          bitsIn: last?.rateBitsIn ?? 0,
          bitsOut: last?.rateBitsOut ?? 0,
          traffic: d.traffic,
        }),
        ...latencyLines(summaries),
      ]);
    },

    async close() {
      if (closed) return;
      closed = true;
      // Also after SIGINT, SIGTERM or a failed run: the host exits once this resolves, so the
      // zeros must be flushed and the socket closed by then, or dashboards keep the old levels.
      sink.send(figureMetrics(ZERO_FIGURES));
      await sink.close();
    },
  };
}
