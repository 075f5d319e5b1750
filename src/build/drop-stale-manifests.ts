import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes the oclif manifests of kali and its built-in plugins that are older than the code they
 * describe: `npx tsc -b` after an `npm run build` recompiles the commands but leaves the manifest,
 * which would hide a new command and show old flags. Without a manifest oclif reads the commands
 * themselves (slower, never wrong) until the next `npm run build` writes a fresh one. npm packs
 * every file with the same time, so an installed kali never removes anything here.
 */
export function dropStaleManifests(root: string): void {
  const pluginsDir = join(root, 'plugins');
  let plugins: string[] = [];
  try {
    plugins = readdirSync(pluginsDir).map((name) => join(pluginsDir, name));
  } catch {
    // No built-in plugins directory: only the root package has a manifest to check.
  }
  for (const dir of [root, ...plugins]) {
    const manifest = join(dir, 'oclif.manifest.json');
    const writtenAt = statSync(manifest, { throwIfNoEntry: false })?.mtimeMs;
    if (writtenAt === undefined) continue;
    const builtAt = statSync(join(dir, 'dist', '.tsbuildinfo'), { throwIfNoEntry: false })?.mtimeMs;
    if (builtAt === undefined || builtAt <= writtenAt) continue;
    try {
      rmSync(manifest, { force: true });
    } catch {
      // A read-only install keeps its manifest; it cannot have been rebuilt there either.
    }
  }
}
