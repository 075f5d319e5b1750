import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginKind, PluginManifest, PluginRef } from '../interfaces/plugin.js';

/** What the registry needs to know of an installed package (oclif's plugin list gives this). */
export interface InstalledPackage {
  name: string;
  root: string;
  pjson: { kali?: unknown };
}

const KINDS: readonly PluginKind[] = ['transport', 'content', 'measurement', 'output', 'protocol'];

/**
 * Reads each package's `"kali"` manifest into module references. Packages later in the list win
 * over earlier ones for the same kind and name, so a user-installed or linked plugin (oclif lists
 * those after the core ones) can replace a built-in.
 */
export function collectPluginRefs(packages: readonly InstalledPackage[]): PluginRef[] {
  const byKey = new Map<string, PluginRef>();
  for (const pkg of packages) {
    const manifest = pkg.pjson.kali;
    if (manifest === undefined) continue;
    for (const [kind, name, modulePath] of manifestEntries(pkg.name, manifest)) {
      const file = join(pkg.root, modulePath);
      if (!existsSync(file)) {
        throw new Error(
          `Plugin ${pkg.name}: ${kind} "${name}" points at ${modulePath}, which does not exist (is it built?)`,
        );
      }
      byKey.set(`${kind}:${name}`, { kind, name, href: pathToFileURL(file).href, packageName: pkg.name });
    }
  }
  return [...byKey.values()];
}

function* manifestEntries(pkgName: string, manifest: unknown): Generator<[PluginKind, string, string]> {
  if (typeof manifest !== 'object' || manifest === null) {
    throw new Error(`Plugin ${pkgName}: the "kali" field of package.json must be an object`);
  }
  for (const [kind, entries] of Object.entries(manifest as PluginManifest)) {
    if (kind === 'apiVersion') continue;
    if (!KINDS.includes(kind as PluginKind)) {
      throw new Error(`Plugin ${pkgName}: unknown capability kind "${kind}" (expected ${KINDS.join(', ')})`);
    }
    // null reads as "nothing of this kind", like an empty map.
    if (entries === null || entries === undefined) continue;
    if (typeof entries !== 'object' || Array.isArray(entries)) {
      throw new Error(`Plugin ${pkgName}: "kali.${kind}" must map capability names to module paths`);
    }
    for (const [name, modulePath] of Object.entries(entries)) {
      if (typeof modulePath !== 'string') {
        throw new Error(`Plugin ${pkgName}: ${kind} "${name}" must map to a module path string`);
      }
      yield [kind as PluginKind, name, modulePath];
    }
  }
}
