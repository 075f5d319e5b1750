import type { Plugin, PluginKind, PluginRef } from '../interfaces/plugin.js';
import type { CollectedPlugins } from './collect-plugin-refs.js';
import { loadPlugin } from './load-plugin.js';

/** A plugin that could not be loaded, and why, in one line. */
export interface BrokenPlugin {
  ref: PluginRef;
  reason: string;
}

/**
 * Every installed plugin, imported once in the main thread: the ones that loaded, and the ones
 * that did not. A broken plugin must not break runs that do not use it, so loading never throws;
 * the run reports a broken plugin only when it would have selected it.
 */
export interface PluginCatalog {
  plugins: { ref: PluginRef; plugin: Plugin }[];
  broken: BrokenPlugin[];
}

/**
 * Imports every ref. Capabilities already known not to load (a missing module, an incompatible
 * API version; see collect-plugin-refs.ts) come with the refs, as `collectPluginRefs` returns them.
 */
export async function loadCatalog(plugins: readonly PluginRef[] | CollectedPlugins): Promise<PluginCatalog> {
  const refs = 'refs' in plugins ? plugins.refs : plugins;
  const broken = 'refs' in plugins ? plugins.broken : [];
  const settled = await Promise.allSettled(refs.map((ref) => loadPlugin(ref)));
  const catalog: PluginCatalog = { plugins: [], broken: [...broken] };
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') catalog.plugins.push({ ref: refs[i], plugin: s.value });
    else catalog.broken.push({ ref: refs[i], reason: (s.reason as Error)?.message ?? String(s.reason) });
  });
  return catalog;
}

/** The loaded plugins of one kind, in catalog order. */
export function ofKind<P extends Plugin>(
  catalog: PluginCatalog,
  kind: PluginKind,
): { ref: PluginRef; plugin: P }[] {
  return catalog.plugins.filter((p) => p.ref.kind === kind) as { ref: PluginRef; plugin: P }[];
}

/** The broken plugin of `kind` named `name`, for the error of a run that asked for it. */
export function brokenNamed(
  catalog: PluginCatalog,
  kind: PluginKind,
  name: string,
): BrokenPlugin | undefined {
  return catalog.broken.find((b) => b.ref.kind === kind && b.ref.name === name);
}
