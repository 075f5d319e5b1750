import type { InstalledPackage } from './read-manifest.js';

/** The part of an oclif plugin the registry reads. */
export function asInstalled(p: { name: string; root: string; pjson: unknown }): InstalledPackage {
  return { name: p.name, root: p.root, pjson: p.pjson as InstalledPackage['pjson'] };
}
