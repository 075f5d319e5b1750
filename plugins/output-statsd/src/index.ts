import type { OutputPlugin, PluginFactory } from 'kali';
import { resolveStatsdHost } from './resolve-host.js';
import { STATSD_OPTIONS, statsdSettings } from './statsd-options.js';
import { createStatsdOutput } from './statsd-output.js';
import { hotShotsClient } from './statsd-sink.js';

/** tcpkali's `--statsd`: connection, traffic, latency and plugin metrics to a StatsD daemon over UDP. */
const factory: PluginFactory<OutputPlugin> = () => ({
  kind: 'output',
  name: 'statsd',
  description: 'StatsD counters and gauges over UDP',
  options: STATSD_OPTIONS,
  enabled: (ctx) => statsdSettings(ctx.options).enabled,
  create: async (ctx) =>
    createStatsdOutput(ctx, hotShotsClient, await resolveStatsdHost(statsdSettings(ctx.options).host)),
});

export default factory;
