import type { Config } from '@oclif/core';
import type { PluginRef } from '../interfaces/plugin.js';
import { type CollectedPlugins, collectPluginRefs } from './collect-plugin-refs.js';
import { refsWithBroken } from './plugin-catalog.js';
import type { InstalledPackage } from './read-manifest.js';

/** oclif's plugins, built-in first, then user-installed, then linked (later ones win). */
export function installedPackages(config: Config): InstalledPackage[] {
  return config.getPluginsList().map(asInstalled);
}

/** The part of an oclif plugin the registry reads. */
export function asInstalled(p: { name: string; root: string; pjson: unknown }): InstalledPackage {
  return { name: p.name, root: p.root, pjson: p.pjson as InstalledPackage['pjson'] };
}

export function installedPlugins(config: Config): CollectedPlugins {
  return collectPluginRefs(installedPackages(config));
}

/** What a run starts from: every loadable capability, with the broken ones riding along. */
export function installedPluginRefs(config: Config): PluginRef[] {
  const { refs, broken } = installedPlugins(config);
  return refsWithBroken(refs, broken);
}
