import { PluginFailure, UsageFailure } from '../errors/index.js';
import type { RunConfig } from '../interfaces/config.js';
import type { ContentPlugin } from '../interfaces/content.js';
import type { MeasurementPlugin } from '../interfaces/measurement.js';
import type { OutputPlugin } from '../interfaces/output.js';
import type { HostContext, Plugin, PluginKind, PluginRef } from '../interfaces/plugin.js';
import type { ProtocolPlugin } from '../interfaces/protocol.js';
import type { TransportPlugin } from '../interfaces/transport.js';
import {
  type BrokenPlugin,
  brokenNamed,
  ofKind as catalogOfKind,
  type PluginCatalog,
} from './plugin-catalog.js';

/** The module references a run needs; this is what travels to the workers. */
export interface PluginSelection {
  transport: PluginRef;
  /** Highest priority first. */
  content: PluginRef[];
  measurement: PluginRef[];
  output: PluginRef[];
  /** The protocol that the destinations' URL scheme selects, if any. */
  protocol?: PluginRef;
}

/** The same plugins, loaded in the main thread. */
export interface LoadedPlugins {
  transport: TransportPlugin;
  content: ContentPlugin[];
  measurement: MeasurementPlugin[];
  output: OutputPlugin[];
  protocol?: ProtocolPlugin;
}

/**
 * Calls a plugin's selection hook. One that throws is a bug in that plugin, and the run's one
 * line names it; unguarded, it came out as a stack trace from the middle of the registry.
 */
function ask<T>(entry: { ref: PluginRef }, hook: string, call: () => T): T {
  try {
    return call();
  } catch (err) {
    throw new PluginFailure(`${entry.ref.name} ${entry.ref.kind}`, hook, err);
  }
}

/**
 * Decides which plugins take part in a run. Each plugin decides for itself from the configuration
 * (`matches`, `enabled`, priorities); the host only applies `--transport` and `--output` names, so
 * nothing here knows any plugin by name.
 */
export function selectPlugins(
  catalog: PluginCatalog,
  config: RunConfig,
  contextFor: (name: string) => HostContext,
): { selection: PluginSelection; loaded: LoadedPlugins } {
  // Content plugins all take part in every run: one that failed to load would silently change
  // how messages are read, so it stops the run.
  const brokenContent = catalog.broken.find((b) => b.ref.kind === 'content');
  if (brokenContent) throw brokenFailure(brokenContent);
  const ofKind = <P>(kind: PluginKind) => catalogOfKind<P & Plugin>(catalog, kind);

  const protocol = selectProtocol(ofKind<ProtocolPlugin>('protocol'), config, catalog);
  const transports = ofKind<TransportPlugin>('transport');
  let transport: (typeof transports)[number] | undefined;
  const scheme = config.destinations[0]?.scheme;
  const wanted =
    config.transport ??
    (protocol && scheme !== undefined
      ? ask(protocol, 'transportFor', () => protocol.plugin.transportFor?.(scheme))
      : undefined);
  if (wanted !== undefined) {
    transport = transports.find((t) => t.ref.name === wanted);
    const broken = transport ? undefined : brokenNamed(catalog, 'transport', wanted);
    if (broken) throw brokenFailure(broken);
    if (!transport) {
      const names = transports.map((t) => t.ref.name).join(', ') || 'none installed';
      throw new UsageFailure(
        config.transport !== undefined
          ? `--transport=${config.transport}: no such transport plugin (available: ${names})`
          : `${scheme}:// needs the ${wanted} transport, which is not installed (available: ${names})`,
      );
    }
  } else {
    transport = transports
      .filter((t) => ask(t, 'matches', () => t.plugin.matches?.(config)) ?? false)
      .sort((a, b) => (b.plugin.priority ?? 0) - (a.plugin.priority ?? 0))[0];
    if (!transport) throw new UsageFailure('No installed transport plugin can serve this configuration');
  }

  const content = ofKind<ContentPlugin>('content').sort(
    (a, b) => (b.plugin.priority ?? 0) - (a.plugin.priority ?? 0),
  );
  const measurement = ofKind<MeasurementPlugin>('measurement').filter((m) =>
    ask(m, 'enabled', () => m.plugin.enabled(contextFor(m.ref.name))),
  );
  const outputsAll = ofKind<OutputPlugin>('output');
  for (const name of config.outputs) {
    const broken = brokenNamed(catalog, 'output', name);
    if (broken && !outputsAll.some((o) => o.ref.name === name)) throw brokenFailure(broken);
    if (!outputsAll.some((o) => o.ref.name === name)) {
      const names = outputsAll.map((o) => o.ref.name).join(', ');
      throw new UsageFailure(`--output=${name}: no such output plugin (available: ${names})`);
    }
  }
  const output = outputsAll.filter(
    (o) =>
      config.outputs.includes(o.ref.name) ||
      (ask(o, 'enabled', () => o.plugin.enabled?.(contextFor(o.ref.name))) ?? false),
  );

  return {
    selection: {
      transport: transport.ref,
      content: content.map((c) => c.ref),
      measurement: measurement.map((m) => m.ref),
      output: output.map((o) => o.ref),
      ...(protocol ? { protocol: protocol.ref } : {}),
    },
    loaded: {
      transport: transport.plugin,
      content: content.map((c) => c.plugin),
      measurement: measurement.map((m) => m.plugin),
      output: output.map((o) => o.plugin),
      ...(protocol ? { protocol: protocol.plugin } : {}),
    },
  };
}

/**
 * The protocol that the destinations' URL scheme names. One run speaks one protocol: URLs of
 * different schemes, or URLs mixed with tcpkali's plain `host:port`, are refused. A URL without
 * a port gets the protocol's default port here.
 */
function selectProtocol(
  protocols: { ref: PluginRef; plugin: ProtocolPlugin }[],
  config: RunConfig,
  catalog: PluginCatalog,
): { ref: PluginRef; plugin: ProtocolPlugin } | undefined {
  const schemes = new Set(config.destinations.map((d) => d.scheme));
  if (schemes.size === 0 || (schemes.size === 1 && schemes.has(undefined))) return undefined;
  const first = config.destinations.find((d) => d.scheme !== undefined);
  if (schemes.size > 1 || !first?.scheme) {
    throw new UsageFailure(
      `${first?.text}: every destination of a run must use the same protocol (${[...schemes].map((s) => (s ? `${s}://` : 'host:port')).join(', ')})`,
    );
  }
  const scheme = first.scheme;
  const found = protocols.find((p) => p.plugin.schemes.includes(scheme));
  if (!found) {
    // A protocol plugin that failed to load may be the one meant; say so rather than guess.
    const brokenProtocols = catalog.broken.filter((b) => b.ref.kind === 'protocol');
    const broken = brokenProtocols.find((b) => b.ref.name === scheme) ?? brokenProtocols[0];
    if (broken) throw brokenFailure(broken, `${first.text}: no loaded plugin speaks ${scheme}://, and `);
    const known = protocols.flatMap((p) => p.plugin.schemes.map((s) => `${s}://`));
    throw new UsageFailure(
      `${first.text}: no installed plugin speaks ${scheme}:// (${known.length > 0 ? `installed: ${known.join(', ')}` : 'no protocol plugins are installed'}; see kali plugins)`,
    );
  }
  for (const d of config.destinations) {
    if (d.port !== 0) continue;
    const port =
      ask(found, 'defaultPortFor', () => found.plugin.defaultPortFor?.(scheme)) ?? found.plugin.defaultPort;
    if (port === undefined)
      throw new UsageFailure(`${d.text}: the ${found.ref.name} protocol has no default port; add :port`);
    d.port = port;
  }
  return found;
}

/** One line for a run that needs a plugin that could not be loaded. */
function brokenFailure(b: BrokenPlugin, before = ''): UsageFailure {
  return new UsageFailure(
    `${before}plugin ${b.ref.packageName} (${b.ref.kind} "${b.ref.name}") could not be loaded: ${b.reason}`,
  );
}
