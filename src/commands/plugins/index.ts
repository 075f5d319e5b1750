import { Command, Flags, type Interfaces } from '@oclif/core';
import { describeLines, describePlugin, type PluginDescription } from '../../registry/describe-plugin.js';
import { asInstalled } from '../../registry/installed-plugins.js';

/** A listed package, for `--json`. */
interface ListedPlugin {
  name: string;
  version: string;
  type: string;
  root: string;
  tag?: string;
  /** What it provides to kali; absent for packages that are not kali plugins. */
  kali?: PluginDescription;
}

/**
 * `kali plugins`, in place of @oclif/plugin-plugins' own list (kali's commands win over those of
 * its core plugins): the same line per package, then what each kali plugin provides, its API
 * version, and what cannot be loaded and why.
 */
export default class PluginsList extends Command {
  static override summary = 'List installed plugins and the capabilities each provides.';
  static override description =
    'Lists user-installed and linked plugins (--core adds the built-in ones). Under each kali plugin: the plugin API version it was built for, each capability (kind and name), and why a capability cannot be loaded, if it cannot.';
  static override enableJsonFlag = true;
  static override flags = {
    core: Flags.boolean({ description: 'Show core plugins.' }),
  };
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --core',
  ];

  async run(): Promise<ListedPlugin[]> {
    const { flags } = await this.parse(PluginsList);
    const plugins = this.config
      .getPluginsList()
      .filter((p) => !p.parent && p.root !== this.config.root)
      .filter((p) => flags.core || (p.type !== 'core' && p.type !== 'dev'))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (plugins.length === 0) this.log('No plugins installed.');
    const listed: ListedPlugin[] = [];
    for (const p of plugins) {
      const kali = await describePlugin(asInstalled(p));
      this.log(headline(p));
      if (kali) for (const line of describeLines(kali)) this.log(line);
      listed.push({
        name: p.name,
        version: p.version,
        type: p.type,
        root: p.root,
        ...(p.tag ? { tag: p.tag } : {}),
        ...(kali ? { kali } : {}),
      });
    }
    return listed;
  }
}

/** oclif's own line for a plugin: name, version, and how it got there. */
function headline(p: Interfaces.Plugin): string {
  let line = `${p.name} ${p.version}`;
  if (p.type !== 'user') line += ` (${p.type})`;
  if (p.type === 'link') line += ` ${p.root}`;
  else if (p.tag && p.tag !== 'latest') line += ` (${p.tag})`;
  return line;
}
