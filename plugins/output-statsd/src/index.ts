import type { OutputPlugin, PluginFactory } from 'kali';
import { createStatsdOutput } from './statsd-output.js';

/** tcpkali's `--statsd`: connection, traffic and latency metrics to a StatsD daemon over UDP. */
const factory: PluginFactory<OutputPlugin> = () => ({
  kind: 'output',
  name: 'statsd',
  description: 'StatsD counters and gauges over UDP (--statsd)',
  enabled: (ctx) => ctx.config.statsd.enabled,
  create: (ctx) => createStatsdOutput(ctx),
});

export default factory;
