import { commands } from '@oclif/plugin-plugins';
import { describeLines, describePlugin, type PluginDescription } from '../../registry/describe-plugin.js';
import { asInstalled } from '../../registry/installed-plugins.js';

// Annotated so that the declaration output can name the class this one extends.
const OclifInspect: (typeof commands)['plugins:inspect'] = commands['plugins:inspect'];

/**
 * `kali plugins inspect NAME`: oclif's tree (version, location, dependencies), then what the
 * package provides to kali, as `kali plugins` shows it.
 */
export default class PluginsInspect extends OclifInspect {
  static override summary = 'Show a plugin’s installation and the capabilities it provides.';
  static override description =
    'Prints where a plugin is installed and its dependencies, then, for a kali plugin, the plugin API version it was built for, each capability (kind, name, description) and why a capability cannot be loaded, if it cannot.';

  override async inspect(
    pluginName: string,
    verbose = false,
  ): Promise<
    Awaited<ReturnType<InstanceType<typeof OclifInspect>['inspect']>> & { kali?: PluginDescription }
  > {
    const inspected = await super.inspect(pluginName, verbose);
    const kali = await describePlugin(asInstalled(inspected));
    if (kali === undefined) {
      this.log('  not a kali plugin (its package.json has no "kali" field)');
      return inspected;
    }
    for (const line of describeLines(kali)) this.log(line);
    return { ...inspected, kali };
  }
}
