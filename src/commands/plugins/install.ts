import type { Interfaces } from '@oclif/core';
import { commands } from '@oclif/plugin-plugins';
import { problemLines } from '../../registry/describe-plugin.js';
import { asInstalled } from '../../registry/installed-plugins.js';

// Annotated so that the declaration output can name the class this one extends.
const OclifInstall: (typeof commands)['plugins:install'] = commands['plugins:install'];

/**
 * `kali plugins install`: oclif installs, then kali checks what was installed (API version,
 * kinds, that every module exists and loads) and prints one line per problem. The plugin stays
 * installed; runs skip what cannot be loaded.
 */
export default class PluginsInstall extends OclifInstall {
  static override description =
    `${OclifInstall.description?.trimEnd()}\n\nkali then checks each installed package (its plugin API version, capability kinds, and that every module exists and loads) and prints one line per problem.`;

  override async run(): Promise<void> {
    // oclif gives no hook the installed plugin's name (plugins:postinstall gets nothing), but it
    // puts a new Plugin object into config.plugins for each one it installs.
    const before = new Set<Interfaces.Plugin>(this.config.plugins.values());
    await super.run();
    for (const plugin of this.config.plugins.values()) {
      if (before.has(plugin)) continue;
      for (const line of await problemLines(asInstalled(plugin))) this.logToStderr(line);
    }
  }
}
