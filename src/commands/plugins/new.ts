import { join } from 'node:path';
import { Args, Command, Flags } from '@oclif/core';
import { ScaffoldError } from '../../scaffold/scaffold-error.js';
import { SCAFFOLD_KINDS, type ScaffoldResult, scaffoldPlugin } from '../../scaffold/scaffold-plugin.js';

export default class PluginsNew extends Command {
  static override summary = 'Create a new kali plugin package from a template.';
  static override description =
    `Copies a small plugin of the given kind (${SCAFFOLD_KINDS.join(', ')}) into DIR/kali-plugin-NAME, with a test, and kali's plugin API types in kali-types/. Build and test it with npm install && npm test, then add it with "kali plugins link ." (or npm pack, then "kali plugins install" the .tgz).`;
  static override args = {
    kind: Args.string({ description: `Plugin kind: ${SCAFFOLD_KINDS.join(', ')}`, required: true }),
    name: Args.string({
      description: 'Capability name, e.g. "influx" (used as --output influx, or influx:// for a protocol)',
      required: true,
    }),
  };
  static override flags = {
    dir: Flags.string({ description: 'Folder to create the plugin package in', default: '.' }),
  };
  static override examples = [
    '<%= config.bin %> <%= command.id %> output influx',
    '<%= config.bin %> <%= command.id %> protocol line',
    '<%= config.bin %> <%= command.id %> transport quic --dir ~/src',
  ];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PluginsNew);
    let result: ScaffoldResult;
    try {
      result = await scaffoldPlugin({
        kind: args.kind,
        name: args.name,
        dir: flags.dir,
        templatesDir: join(this.config.root, 'templates'),
        hostRoot: this.config.root,
      });
    } catch (err) {
      if (!(err instanceof ScaffoldError)) throw err;
      process.stderr.write(`${err.message}\n`);
      this.exit(err.exitCode);
    }
    this.log(`Created ${args.kind} plugin "${args.name}" in ${result.target}`);
    this.log(`Next: cd ${result.target} && npm install && npm test && ${this.config.bin} plugins link .`);
  }
}
