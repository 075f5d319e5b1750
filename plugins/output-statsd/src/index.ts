import type { OutputPlugin, PluginFactory } from 'kali';
import { resolveStatsdHost } from './resolve-host.js';
import { createStatsdOutput } from './statsd-output.js';
import { hotShotsClient } from './statsd-sink.js';

/** tcpkali's `--statsd`: connection, traffic and latency metrics to a StatsD daemon over UDP. */
const factory: PluginFactory<OutputPlugin> = () => ({
  kind: 'output',
  name: 'statsd',
  description: 'StatsD counters and gauges over UDP (--statsd)',
  enabled: (ctx) => ctx.config.statsd.enabled,
  create: async (ctx) =>
    createStatsdOutput(ctx, hotShotsClient, await resolveStatsdHost(ctx.config.statsd.host)),
});

export default factory;
