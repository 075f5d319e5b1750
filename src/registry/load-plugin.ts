import type { Plugin, PluginFactory, PluginRef } from '../interfaces/plugin.js';
import { kaliApi } from './kali-api.js';

/**
 * Imports a plugin module and builds the plugin object. Works the same in the main thread and in
 * worker threads, which is why plugins travel as module URLs rather than objects.
 */
export async function loadPlugin<P extends Plugin>(ref: PluginRef): Promise<P> {
  let mod: { default?: unknown };
  try {
    mod = await import(ref.href);
  } catch (err) {
    throw new Error(
      `Plugin ${ref.packageName}: cannot load ${ref.kind} "${ref.name}": ${(err as Error).message}`,
    );
  }
  // A CommonJS plugin arrives with its module.exports under `default`, possibly wrapped once more.
  let factory = mod.default as unknown;
  if (typeof factory === 'object' && factory !== null && 'default' in factory) {
    factory = (factory as { default: unknown }).default;
  }
  if (typeof factory !== 'function') {
    throw new Error(
      `Plugin ${ref.packageName}: ${ref.kind} "${ref.name}" must export a factory function as default`,
    );
  }
  const plugin = (factory as PluginFactory)(kaliApi) as P;
  if (plugin?.kind !== ref.kind || plugin.name !== ref.name) {
    throw new Error(
      `Plugin ${ref.packageName}: module for ${ref.kind} "${ref.name}" built ${plugin?.kind} "${plugin?.name}" instead`,
    );
  }
  return plugin;
}

export async function loadPlugins<P extends Plugin>(refs: readonly PluginRef[]): Promise<P[]> {
  return Promise.all(refs.map((ref) => loadPlugin<P>(ref)));
}
