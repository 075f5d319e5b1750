import { UsageFailure } from '../host/failure.js';
import type { RunConfig } from '../interfaces/config.js';
import type { ContentPlugin } from '../interfaces/content.js';
import type { MeasurementPlugin } from '../interfaces/measurement.js';
import type { OutputPlugin } from '../interfaces/output.js';
import type { HostContext, PluginKind, PluginRef } from '../interfaces/plugin.js';
import type { TransportPlugin } from '../interfaces/transport.js';
import { loadPlugin } from './load-plugin.js';

/** The module references a run needs; this is what travels to the workers. */
export interface PluginSelection {
  transport: PluginRef;
  /** Highest priority first. */
  content: PluginRef[];
  measurement: PluginRef[];
  output: PluginRef[];
}

/** The same plugins, loaded in the main thread. */
export interface LoadedPlugins {
  transport: TransportPlugin;
  content: ContentPlugin[];
  measurement: MeasurementPlugin[];
  output: OutputPlugin[];
}

/**
 * Decides which plugins take part in a run. Each plugin decides for itself from the configuration
 * (`matches`, `enabled`, priorities); the host only applies `--transport` and `--output` names, so
 * nothing here knows any plugin by name.
 */
export async function selectPlugins(
  refs: readonly PluginRef[],
  config: RunConfig,
  contextFor: (name: string) => HostContext,
): Promise<{ selection: PluginSelection; loaded: LoadedPlugins }> {
  const ofKind = async <P extends { name: string; priority?: number }>(kind: PluginKind) => {
    const kindRefs = refs.filter((r) => r.kind === kind);
    const plugins = await Promise.all(kindRefs.map((r) => loadPlugin(r, contextFor(r.name).options)));
    return kindRefs.map((ref, i) => ({ ref, plugin: plugins[i] as unknown as P }));
  };

  const transports = await ofKind<TransportPlugin>('transport');
  let transport: (typeof transports)[number] | undefined;
  if (config.transport !== undefined) {
    transport = transports.find((t) => t.ref.name === config.transport);
    if (!transport) {
      const names = transports.map((t) => t.ref.name).join(', ') || 'none installed';
      throw new UsageFailure(
        `--transport=${config.transport}: no such transport plugin (available: ${names})`,
      );
    }
  } else {
    transport = transports
      .filter((t) => t.plugin.matches?.(config) ?? false)
      .sort((a, b) => (b.plugin.priority ?? 0) - (a.plugin.priority ?? 0))[0];
    if (!transport) throw new UsageFailure('No installed transport plugin can serve this configuration');
  }

  const content = (await ofKind<ContentPlugin>('content')).sort(
    (a, b) => (b.plugin.priority ?? 0) - (a.plugin.priority ?? 0),
  );
  const measurement = (await ofKind<MeasurementPlugin>('measurement')).filter((m) =>
    m.plugin.enabled(contextFor(m.ref.name)),
  );
  const outputsAll = await ofKind<OutputPlugin>('output');
  for (const name of config.outputs) {
    if (!outputsAll.some((o) => o.ref.name === name)) {
      const names = outputsAll.map((o) => o.ref.name).join(', ');
      throw new UsageFailure(`--output=${name}: no such output plugin (available: ${names})`);
    }
  }
  const output = outputsAll.filter(
    (o) => config.outputs.includes(o.ref.name) || (o.plugin.enabled?.(contextFor(o.ref.name)) ?? false),
  );

  return {
    selection: {
      transport: transport.ref,
      content: content.map((c) => c.ref),
      measurement: measurement.map((m) => m.ref),
      output: output.map((o) => o.ref),
    },
    loaded: {
      transport: transport.plugin,
      content: content.map((c) => c.plugin),
      measurement: measurement.map((m) => m.plugin),
      output: output.map((o) => o.plugin),
    },
  };
}
