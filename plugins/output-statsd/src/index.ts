import type { OutputPlugin, PluginFactory } from 'kali';
import { resolveStatsdHost } from './resolve-host.js';
import { STATSD_OPTIONS, statsdSettings } from './statsd-options.js';

/** tcpkali's `--statsd`: connection, traffic, latency and plugin metrics to a StatsD daemon over UDP. */
const factory: PluginFactory<OutputPlugin> = () => ({
  kind: 'output',
  name: 'statsd',
  description: 'StatsD counters and gauges over UDP',
  options: STATSD_OPTIONS,
  enabled: (ctx) => statsdSettings(ctx.options).enabled,
  // Every run imports every output plugin to read its options; hot-shots and hdr-histogram-js
  // (~60 ms together) are loaded only by runs that send to StatsD.
  create: async (ctx) => {
    const [{ createStatsdOutput }, { hotShotsClient }] = await Promise.all([
      import('./statsd-output.js'),
      import('./statsd-sink.js'),
    ]);
    return createStatsdOutput(ctx, hotShotsClient, await resolveStatsdHost(statsdSettings(ctx.options).host));
  },
});

export default factory;
