import type { PluginKind } from '../interfaces/plugin.js';
import { loadCatalog } from './plugin-catalog.js';
import { type InstalledPackage, PLUGIN_KINDS, readManifest } from './read-manifest.js';

/** One capability a package declares, as this host finds it. */
export interface CapabilityStatus {
  kind: PluginKind;
  name: string;
  description?: string;
  /** Why a run skips it; undefined when it loads. */
  broken?: string;
}

/** What `kali plugins` and `kali plugins inspect` say about a kali plugin package. */
export interface PluginDescription {
  packageName: string;
  /** As the manifest names it; undefined when it names none. */
  apiVersion?: string;
  /** Why this host refuses the whole package (the version it was built for). */
  versionProblem?: string;
  capabilities: CapabilityStatus[];
  /** Manifest problems that name no capability. */
  problems: string[];
}

/**
 * Reads a package's manifest and imports its capabilities as a run would, so that what is listed
 * as working loads in a run too. Undefined for packages that are not kali plugins.
 */
export async function describePlugin(pkg: InstalledPackage): Promise<PluginDescription | undefined> {
  const manifest = readManifest(pkg);
  if (manifest === undefined) return undefined;
  const catalog = await loadCatalog({ refs: manifest.refs, broken: manifest.broken, problems: [] });
  const capabilities: CapabilityStatus[] = [
    ...catalog.plugins.map((p) => ({
      kind: p.ref.kind,
      name: p.ref.name,
      ...(p.plugin.description ? { description: p.plugin.description } : {}),
    })),
    ...catalog.broken.map((b) => ({ kind: b.ref.kind, name: b.ref.name, broken: b.reason })),
  ].sort(
    (a, b) => PLUGIN_KINDS.indexOf(a.kind) - PLUGIN_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name),
  );
  return {
    packageName: manifest.packageName,
    ...(manifest.apiVersion !== undefined ? { apiVersion: manifest.apiVersion } : {}),
    ...(manifest.versionProblem !== undefined ? { versionProblem: manifest.versionProblem } : {}),
    capabilities,
    problems: manifest.problems,
  };
}

/** Indented lines to print under the package's own line. */
export function describeLines(d: PluginDescription): string[] {
  const lines = [`  plugin API ${d.apiVersion ?? '(none declared)'}`];
  const labels = d.capabilities.map((c) => `${c.kind} ${c.name}`);
  const width = Math.max(0, ...labels.map((l) => l.length));
  d.capabilities.forEach((c, i) => {
    const text = c.broken !== undefined ? `cannot load: ${c.broken}` : (c.description ?? '');
    lines.push(`  ${text === '' ? labels[i] : `${labels[i].padEnd(width)}  ${text}`}`);
  });
  for (const p of d.problems) lines.push(`  problem: ${p}`);
  if (d.capabilities.length === 0 && d.problems.length === 0) lines.push('  (declares no capabilities)');
  return lines;
}

/**
 * One line per problem, for `kali plugins install` and `link`, or none when the package will
 * work. A package that is no kali plugin at all is one problem too: it adds nothing.
 */
export async function problemLines(pkg: InstalledPackage): Promise<string[]> {
  const d = await describePlugin(pkg);
  if (d === undefined)
    return [`WARNING: ${pkg.name} is not a kali plugin: its package.json has no "kali" field`];
  // One line for the version, not one per capability it makes unloadable.
  if (d.versionProblem !== undefined) {
    return [`WARNING: plugin ${d.packageName} ${wasBuiltFor(d.versionProblem)}; runs will skip it`];
  }
  const lines = d.problems.map((p) => `WARNING: plugin ${d.packageName}: ${p}`);
  for (const c of d.capabilities) {
    if (c.broken === undefined) continue;
    lines.push(`WARNING: plugin ${d.packageName} (${c.kind} "${c.name}") cannot be loaded: ${c.broken}`);
  }
  if (d.capabilities.length === 0 && d.problems.length === 0) {
    lines.push(`WARNING: plugin ${d.packageName} declares no capabilities in its "kali" field`);
  }
  return lines;
}

/** `built for plugin API 2.0; …` reads after a package name as `was built for …`. */
function wasBuiltFor(problem: string): string {
  return problem.startsWith('built for ') ? `was ${problem}` : problem;
}
