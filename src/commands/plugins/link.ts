import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { commands } from '@oclif/plugin-plugins';
import { problemLines } from '../../registry/describe-plugin.js';

// Annotated so that the declaration output can name the class this one extends.
const OclifLink: (typeof commands)['plugins:link'] = commands['plugins:link'];

/**
 * `kali plugins link`: oclif links, then kali checks the package (API version, kinds, that every
 * module exists and loads) and prints one line per problem. Linking an unbuilt package is
 * normal while developing, so problems never fail the command.
 */
export default class PluginsLink extends OclifLink {
  static override description =
    `${OclifLink.description?.trimEnd()}\n\nkali then checks the package (its plugin API version, capability kinds, and that every module exists and loads) and prints one line per problem; a package that is not built yet is reported, not refused.`;

  override async run(): Promise<void> {
    await super.run();
    const { args } = await this.parse(OclifLink);
    const root = resolve(args.path);
    let pjson: { name?: string; kali?: unknown };
    try {
      pjson = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    } catch {
      // oclif found the package from a folder inside it; it has already said what it linked.
      return;
    }
    for (const line of await problemLines({ name: pjson.name ?? root, root, pjson })) this.logToStderr(line);
  }
}
