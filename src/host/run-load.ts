import { availableParallelism } from 'node:os';
import { longUsage, shortUsage } from '../cli/help-text.js';
import { type CommandLine, parseCommandLine } from '../cli/parse-command-line.js';
import { type PluginOptionSpec, type PluginOptionTable, pluginOptionTable } from '../cli/plugin-options.js';
import { contentChecks, rampFeasibility, systemLimitWarnings } from '../cli/post-parse-checks.js';
import { ExitStatus, renderError } from '../errors/index.js';
import type { CollectedPlugins } from '../registry/collect-plugin-refs.js';
import { loadCatalog } from '../registry/plugin-catalog.js';
import { startLoad } from './start-load.js';

/**
 * A load run from its command line to its exit status, given the installed plugins. It imports
 * nothing of oclif, so that bin/run.js can start a run without loading oclif when it already
 * knows what is installed (see installed-snapshot.ts); the `run` command calls it too.
 */
export async function runLoad(argv: string[], installed: CollectedPlugins, version: string): Promise<number> {
  // Plugins declare command-line options, so every installed plugin is loaded before the
  // command line is read; the run then selects from the same catalog.
  let table: PluginOptionTable;
  try {
    table = pluginOptionTable(await loadCatalog(installed));
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
      process.stdout.write(`kali version ${version}\n`);
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
      { version, argv },
    );
  } catch (err) {
    return reportError(err, specs);
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
