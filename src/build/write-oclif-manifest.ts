import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

/**
 * Writes oclif.manifest.json for kali and for each built-in plugin package that has oclif
 * commands. Without it oclif imports every command module at each start to learn the commands
 * and their flags (~100 ms). Run by `npm run build` after `tsc -b`, every time: a manifest is a
 * copy of what the commands declare, and an old one would hide a new command.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

const withCommands = (dir: string): boolean => {
  const pjson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    oclif?: { commands?: unknown };
  };
  return pjson.oclif?.commands !== undefined;
};

const pluginsDir = join(root, 'plugins');
const packages = [
  root,
  ...readdirSync(pluginsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(pluginsDir, e.name))
    .filter(withCommands),
];

for (const dir of packages) {
  // errorOnManifestCreate: a command that fails to import fails the build instead of going missing.
  const plugin = new Plugin({ root: dir, type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
  await plugin.load();
  const file = join(dir, 'oclif.manifest.json');
  // Renamed into place: a kali starting meanwhile (tests run in parallel) reads the old file or
  // the new one, never half of one.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(plugin.manifest, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  process.stdout.write(`${file}: ${Object.keys(plugin.manifest.commands).length} commands\n`);
}
