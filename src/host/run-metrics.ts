import { DEFAULT_OUTCOMES, requestMetricNames } from '../engine/worker/request-owner.js';
import { UsageFailure } from '../errors/index.js';
import type { RunConfig } from '../interfaces/config.js';
import type { MetricKind, MetricOrigin, MetricWindow } from '../interfaces/metrics.js';
import type { RequestDeclaration } from '../interfaces/requests.js';
import type { LoadedPlugins } from '../registry/select-plugins.js';

/** One metric of the run, as the main thread reports it. */
export interface RunMetric {
  name: string;
  kind: MetricKind;
  title: string;
  /** The plugin that declared it. */
  plugin: string;
  origin: MetricOrigin;
  window: MetricWindow;
}

/** The run's metrics and who recognises replies, decided once in the main thread. */
export interface RunMetrics {
  metrics: RunMetric[];
  /** The request declaration in force, and its plugin; undefined when no reply is recognised. */
  requests?: { decl: RequestDeclaration; plugin: string };
}

/**
 * Every metric the selected plugins record: measurements' histograms, declared metrics, and
 * for the plugin that recognises replies its latency, one counter per outcome and the timeouts.
 * Refuses what cannot be reported unambiguously: two plugins with one metric name, two plugins
 * that both claim replies, and `--in-flight`/`--request-timeout` with nothing to claim them.
 */
export function runMetrics(loaded: LoadedPlugins, config: RunConfig): RunMetrics {
  const metrics: RunMetric[] = [];
  const add = (m: RunMetric) => {
    const same = metrics.find((x) => x.name === m.name);
    if (!same) metrics.push(m);
    else if (same.plugin !== m.plugin || same.kind !== m.kind) {
      throw new UsageFailure(
        `Plugins ${same.plugin} and ${m.plugin} both record a metric named "${m.name}"; only one of them can run`,
      );
    }
  };
  for (const m of loaded.measurement) {
    const window = m.window ?? 'steady';
    add({ name: m.metric, kind: 'latency', title: m.title, plugin: m.name, origin: 'declared', window });
  }
  const workerSide = [loaded.transport, ...loaded.measurement, ...(loaded.protocol ? [loaded.protocol] : [])];
  for (const p of workerSide) {
    for (const d of p.metrics ?? [])
      add({ ...d, plugin: p.name, origin: 'declared', window: d.window ?? 'steady' });
  }

  const claims = [
    ...(loaded.protocol ? [{ decl: loaded.protocol.requests, plugin: loaded.protocol.name }] : []),
    ...loaded.measurement.flatMap((m) => (m.requests ? [{ decl: m.requests, plugin: m.name }] : [])),
  ];
  if (claims.length > 1) {
    throw new UsageFailure(
      `${claims[1].plugin} and ${claims[0].plugin} both recognise replies; choose one (a protocol reads its own replies, without --latency-marker)`,
    );
  }
  const requests = claims[0];
  if (requests) {
    const names = requestMetricNames(requests.decl);
    const { plugin } = requests;
    const origin = 'requests';
    const window = 'steady';
    add({ name: names.latency, kind: 'latency', title: requests.decl.title, plugin, origin, window });
    const outcomes = requests.decl.outcomes ?? DEFAULT_OUTCOMES;
    const label = requests.decl.label ?? requests.decl.metric;
    names.outcomes.forEach((name, i) => {
      add({ name, kind: 'counter', title: `${label} ${outcomes[i]}`, plugin, origin, window });
    });
    // Timeouts exist only where --request-timeout makes them possible.
    if (config.requestTimeout !== undefined) {
      add({
        name: names.timeout,
        kind: 'counter',
        title: `${label} timeout`,
        plugin,
        origin,
        window,
      });
    }
  } else {
    const option =
      config.inFlight !== undefined
        ? '--in-flight'
        : config.requestTimeout !== undefined
          ? '--request-timeout'
          : undefined;
    if (option) {
      throw new UsageFailure(
        `${option} needs replies to recognise: add --latency-marker, or name a protocol in the destination (e.g. redis://host:port)`,
      );
    }
  }
  if (config.inFlight !== undefined && config.channelBandwidthUpstream !== undefined) {
    throw new UsageFailure(
      '--in-flight counts whole requests, which --channel-bandwidth-upstream does not send; use -r instead',
    );
  }
  if (config.rateMetric !== undefined) {
    if (config.messageRate.kind !== 'latency')
      throw new UsageFailure('--rate-metric applies to -r @<Latency> only');
    const found = metrics.find((m) => m.name === config.rateMetric);
    if (found?.kind !== 'latency') {
      const names = metrics.filter((m) => m.kind === 'latency').map((m) => m.name);
      throw new UsageFailure(
        `--rate-metric=${config.rateMetric}: no such latency metric in this run (${names.length > 0 ? `available: ${names.join(', ')}` : 'none is measured'})`,
      );
    }
  }
  return { metrics, ...(requests ? { requests } : {}) };
}
