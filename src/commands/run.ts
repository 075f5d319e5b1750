import { availableParallelism } from 'node:os';
// The subpath, not the package: see cli/oclif-flags.ts.
import { Command } from '@oclif/core/command';
import { longUsage, shortUsage } from '../cli/help-text.js';
import { runFlags } from '../cli/oclif-flags.js';
import { type CommandLine, parseCommandLine } from '../cli/parse-command-line.js';
import { type PluginOptionSpec, type PluginOptionTable, pluginOptionTable } from '../cli/plugin-options.js';
import { contentChecks, rampFeasibility, systemLimitWarnings } from '../cli/post-parse-checks.js';
import { ExitStatus, renderError } from '../errors/index.js';
import { installedInOrder } from '../host/installed-in-order.js';
import { catchInterrupts } from '../host/signals.js';
import { startLoad } from '../host/start-load.js';
import { loadCatalog } from '../registry/plugin-catalog.js';

/**
 * The default command: `kali [options] [host:port…]` runs a load (or a sink with `-l`). The
 * command line is tcpkali's, read by kali's own getopt-compatible parser; the oclif flags below
 * describe the same options for `kali run --help`, the manifest and completion.
 */
export default class Run extends Command {
  static override description = 'Open connections and send traffic (tcpkali-compatible command line)';
  static override strict = false;
  static override flags = runFlags;
  static override examples = [
    '<%= config.bin %> -c10k -r42 -em "GET / HTTP/1.0\\r\\n\\r\\n" 127.0.0.1:80',
    '<%= config.bin %> -T5s -l127.0.0.1:9000 -c10 -m hello 127.0.0.1:9000',
  ];

  async run(): Promise<void> {
    // bin/run.js does this before oclif loads; `kali run …` arrives here first.
    catchInterrupts();
    const exitCode = await this.execute(this.argv);
    // Worker threads, timers and the terminal may still hold the loop; the run is over.
    process.exit(exitCode);
  }

  private async execute(argv: string[]): Promise<number> {
    // Plugins declare command-line options, so every installed plugin is loaded before the
    // command line is read; the run then selects from the same catalog.
    let table: PluginOptionTable;
    try {
      table = pluginOptionTable(await loadCatalog(installedInOrder(this.config)));
    } catch (err) {
      return reportError(err);
    }
    const { catalog, specs } = table;
    // Said before the command line is read, so that an option of a skipped plugin is explained.
    for (const b of catalog.broken) {
      process.stderr.write(
        `WARNING: plugin ${b.ref.packageName} (${b.ref.kind} "${b.ref.name}") is skipped: ${b.reason}\n`,
      );
    }
    let parsed: CommandLine;
    try {
      parsed = await parseCommandLine(argv, { cpus: availableParallelism() }, specs);
    } catch (err) {
      return reportError(err, specs);
    }
    switch (parsed.action) {
      case 'short-help':
        process.stdout.write(shortUsage());
        return ExitStatus.USAGE;
      case 'long-help':
        process.stdout.write(longUsage(specs));
        return ExitStatus.USAGE;
      case 'version':
        process.stdout.write(`kali version ${this.config.version}\n`);
        return ExitStatus.OK;
    }
    for (const line of parsed.notices) process.stderr.write(`${line}\n`);
    try {
      return await startLoad(
        parsed.config,
        catalog,
        {
          systemWarnings: () => systemLimitWarnings(parsed.config),
          rampFeasibility: () => rampFeasibility(parsed.config),
          content: () => contentChecks(parsed.config),
        },
        { version: this.config.version, argv },
      );
    } catch (err) {
      return reportError(err, specs);
    }
  }
}

/** One line (or tcpkali's few) on stderr and an exit status; never a stack trace. */
function reportError(err: unknown, pluginOptions: readonly PluginOptionSpec[] = []): number {
  const { text, exitCode, usage } = renderError(err);
  process.stderr.write(`${text}\n`);
  if (usage === 'short') process.stdout.write(shortUsage());
  if (usage === 'long') process.stdout.write(longUsage(pluginOptions));
  return exitCode;
}
