import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApiVersion } from '../interfaces/api.js';
import type { PluginKind, PluginRef } from '../interfaces/plugin.js';
import { apiVersionProblem } from './api-version.js';
import { API_VERSION } from './kali-api.js';
import type { BrokenPlugin } from './plugin-catalog.js';

/** What the registry needs to know of an installed package (oclif's plugin list gives this). */
export interface InstalledPackage {
  name: string;
  root: string;
  pjson: { kali?: unknown };
}

export const PLUGIN_KINDS: readonly PluginKind[] = [
  'transport',
  'content',
  'measurement',
  'output',
  'protocol',
];

/** One package's `"kali"` field, checked against this host. */
export interface PackageManifest {
  packageName: string;
  /** The version the manifest names, when it names one as a string. */
  apiVersion?: string;
  /** Set when this host cannot load the package at all; every capability is then broken. */
  versionProblem?: string;
  /** The declared capabilities this host can import. */
  refs: PluginRef[];
  /** Declared capabilities it cannot, each with the reason. */
  broken: BrokenPlugin[];
  /** What is wrong beyond single capabilities: the field's shape, an unknown kind. */
  problems: string[];
}

/**
 * Reads a package's manifest without importing anything. Never throws: a broken package must not
 * break runs that do not use it, so everything wrong with it is returned as data. Undefined for
 * packages that are not kali plugins (no `"kali"` field), such as oclif's own plugins.
 */
export function readManifest(
  pkg: InstalledPackage,
  host: ApiVersion = API_VERSION,
): PackageManifest | undefined {
  const manifest = pkg.pjson.kali;
  if (manifest === undefined) return undefined;
  const out: PackageManifest = { packageName: pkg.name, refs: [], broken: [], problems: [] };
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    out.problems.push('the "kali" field of package.json must be an object');
    return out;
  }
  const fields = manifest as Record<string, unknown>;
  if (typeof fields.apiVersion === 'string') out.apiVersion = fields.apiVersion;
  out.versionProblem = apiVersionProblem(fields.apiVersion, host);
  for (const [kind, entries] of Object.entries(fields)) {
    if (kind === 'apiVersion') continue;
    if (!(PLUGIN_KINDS as readonly string[]).includes(kind)) {
      out.problems.push(`unknown capability kind "${kind}" (expected ${PLUGIN_KINDS.join(', ')})`);
      continue;
    }
    // null reads as "nothing of this kind", like an empty map.
    if (entries === null || entries === undefined) continue;
    // `"transport": "./dist/index.js"` is the easy mistake; read as a map it would give names
    // "0", "1"… pointing at single characters.
    if (typeof entries !== 'object' || Array.isArray(entries)) {
      out.problems.push(`"kali.${kind}" must map capability names to module paths`);
      continue;
    }
    for (const [name, modulePath] of Object.entries(entries)) {
      const path = typeof modulePath === 'string' ? modulePath : '';
      const file = join(pkg.root, path);
      const ref: PluginRef = {
        kind: kind as PluginKind,
        name,
        href: pathToFileURL(file).href,
        packageName: pkg.name,
      };
      const reason =
        out.versionProblem ??
        (typeof modulePath !== 'string'
          ? `"kali.${kind}.${name}" must be a module path string`
          : existsSync(file)
            ? undefined
            : `${modulePath} does not exist (is the package built?)`);
      if (reason === undefined) out.refs.push(ref);
      else out.broken.push({ ref, reason });
    }
  }
  return out;
}
