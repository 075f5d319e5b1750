import type { ApiVersion } from '../interfaces/api.js';
import type { PluginRef } from '../interfaces/plugin.js';
import { API_VERSION } from './kali-api.js';
import type { BrokenPlugin } from './plugin-catalog.js';
import { type InstalledPackage, readManifest } from './read-manifest.js';

export type { InstalledPackage } from './read-manifest.js';

/** Every installed package's capabilities, as a run sees them. */
export interface CollectedPlugins {
  /** One per kind and name: what a run may import. */
  refs: PluginRef[];
  /** Declared capabilities that cannot be imported, with the reason (the catalog's `broken`). */
  broken: BrokenPlugin[];
  /** Manifest problems that name no capability, such as an unknown kind. */
  problems: { packageName: string; reason: string }[];
}

/**
 * Reads each package's `"kali"` manifest into module references, and never throws: what is wrong
 * with a package is returned, so that it breaks only the runs that need it. Packages later in the
 * list win over earlier ones for the same kind and name, so a user-installed or linked plugin
 * (oclif lists those after the core ones) can replace a built-in. A broken one replaces nothing:
 * an unbuilt or incompatible replacement for `tcp` must not stop every plain run.
 */
export function collectPluginRefs(
  packages: readonly InstalledPackage[],
  host: ApiVersion = API_VERSION,
): CollectedPlugins {
  const working = new Map<string, PluginRef>();
  const broken = new Map<string, BrokenPlugin>();
  const problems: CollectedPlugins['problems'] = [];
  for (const pkg of packages) {
    const manifest = readManifest(pkg, host);
    if (manifest === undefined) continue;
    for (const ref of manifest.refs) {
      const key = `${ref.kind}:${ref.name}`;
      working.set(key, ref);
      // A working replacement makes an earlier broken one irrelevant to runs.
      broken.delete(key);
    }
    for (const b of manifest.broken) broken.set(`${b.ref.kind}:${b.ref.name}`, b);
    for (const reason of manifest.problems) problems.push({ packageName: pkg.name, reason });
  }
  return { refs: [...working.values()], broken: [...broken.values()], problems };
}
