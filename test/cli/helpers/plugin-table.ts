import { type PluginOptionTable, pluginOptionTable } from '../../../src/cli/plugin-options.js';
import type { OptionDeclaration } from '../../../src/interfaces/options.js';
import type { Plugin, PluginKind, PluginRef } from '../../../src/interfaces/plugin.js';

export interface FakePlugin {
  kind?: PluginKind;
  name: string;
  packageName?: string;
  description?: string;
  options?: unknown;
}

/** A loaded plugin as the catalog holds it, with nothing but a name and its declarations. */
export function fake(p: FakePlugin): { ref: PluginRef; plugin: Plugin } {
  const kind = p.kind ?? 'output';
  const ref: PluginRef = {
    kind,
    name: p.name,
    href: `file:///fake/${p.name}.js`,
    packageName: p.packageName ?? `kali-plugin-${p.name}`,
  };
  const plugin = {
    kind,
    name: p.name,
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.options !== undefined ? { options: p.options as OptionDeclaration[] } : {}),
    create: () => ({}),
  } as unknown as Plugin;
  return { ref, plugin };
}

/** The option table of a catalog made of these plugins, in this order. */
export function tableOf(...plugins: FakePlugin[]): PluginOptionTable {
  return pluginOptionTable({ plugins: plugins.map(fake), broken: [] });
}
