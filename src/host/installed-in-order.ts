import type { Config } from '@oclif/core';
import { type CollectedPlugins, collectPluginRefs } from '../registry/collect-plugin-refs.js';
import { asInstalled } from '../registry/installed-plugins.js';
import { writeSnapshot } from './installed-snapshot.js';

/** Built in, then user-installed, then linked; anything else (oclif's `dev`) with the user's. */
const RANK: Readonly<Record<string, number>> = { core: 0, user: 1, link: 2 };

/**
 * The installed plugins in the order kali's rules assume, whatever order oclif lists them in (it
 * puts linked plugins right after the root package): a later package replaces an earlier
 * capability of the same kind and name, and loses a clash of option names to an earlier one, so
 * installing a plugin can never take an option away from the built-in that owns it.
 */
export function installedInOrder(config: Config): CollectedPlugins {
  return collectPluginRefs(packagesInOrder(config).map(asInstalled));
}

/** oclif's plugin list in kali's order (see installedInOrder). */
export function packagesInOrder(config: Config): ReturnType<Config['getPluginsList']> {
  // oclif loads the core plugins concurrently, so its list can come in any order; the order the
  // root package declares them in is the stable one (outputs report in it: the console summary
  // comes before a JSON result written to the same stdout).
  const declared = (config.pjson.oclif?.plugins ?? []) as string[];
  const position = (name: string) => {
    const i = declared.indexOf(name);
    return i < 0 ? declared.length : i;
  };
  const listed = config.getPluginsList().map((plugin, index) => ({ plugin, index }));
  listed.sort(
    (a, b) =>
      (RANK[a.plugin.type] ?? 1) - (RANK[b.plugin.type] ?? 1) ||
      (a.plugin.type === 'core' && b.plugin.type === 'core'
        ? position(a.plugin.name) - position(b.plugin.name)
        : 0) ||
      a.index - b.index,
  );
  return listed.map(({ plugin }) => plugin);
}

/** Records what oclif found for the next load run (installed-snapshot.ts). */
export function rememberInstalled(config: Config): void {
  writeSnapshot({
    root: config.root,
    dataDir: config.dataDir,
    version: config.version,
    packages: packagesInOrder(config),
    words: [
      ...config.commandIDs,
      ...config.commands.flatMap((c) => c.aliases ?? []),
      ...config.topics.map((t) => t.name),
    ],
  });
}
