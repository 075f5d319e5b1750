import { type FileHandle, open } from 'node:fs/promises';
import { Args, Command, Flags } from '@oclif/core';
import { parseCommandLine } from '../cli/parse-command-line.js';
import { type PluginOptionSpec, pluginOptionTable } from '../cli/plugin-options.js';
import { decodedView } from '../engine/histogram-view.js';
import { OutputFanout } from '../engine/output-fanout.js';
import {
  describeError,
  ExitStatus,
  KaliError,
  PluginFailure,
  renderError,
  UsageFailure,
} from '../errors/index.js';
import { hostContextFor } from '../host/host-context.js';
import { installedInOrder } from '../host/installed-in-order.js';
import { makeStderrLog } from '../host/stderr-log.js';
import type { RunConfig } from '../interfaces/config.js';
import type { TextSink } from '../interfaces/output.js';
import type { RunResult } from '../interfaces/result.js';
import { loadCatalog, type PluginCatalog } from '../registry/plugin-catalog.js';
import { selectPlugins } from '../registry/select-plugins.js';
import { mergeResults } from '../results/merge-results.js';
import { type ResultFile, readResult } from '../results/read-result.js';
import { readStandardInput } from '../results/read-standard-input.js';
import { reportConfig, resultToReport } from '../results/result-to-report.js';
import { segmentCoverage } from '../results/segment-coverage.js';
import { judge, parseThreshold, verdictLine } from '../results/thresholds.js';

/**
 * `kali merge A.json B.json …`: adds up the results of runs made side by side (one test spread
 * over processes or machines) and reports the sum as one run, through the same output plugins a
 * run reports through; `--json` keeps the merged result.
 */
export default class Merge extends Command {
  static override summary = 'Add up results of runs made side by side and report them as one run.';
  static override description =
    'Reads result documents written with --json, adds their counts and latency histograms exactly (percentiles are recomputed from the merged histograms, never averaged) and prints the report a single run with all that traffic would print. Rates divide by the longest steady phase of the inputs. See docs/results.md.';
  static override strict = false;
  static override args = {
    files: Args.string({
      description: 'Result documents (kali --json FILE) to add up; - reads every document on standard input',
    }),
  };
  static override flags = {
    json: Flags.string({
      description:
        'Write the merged result document to this file (-: stdout; the report then goes to stderr)',
      helpValue: 'FILE',
    }),
    threshold: Flags.string({
      description:
        'Judge the merged run as a run judges --threshold (e.g. message.p99<5ms); exit 99 if one fails',
      helpValue: 'EXPR',
      multiple: true,
      multipleNonGreedy: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> <%= command.id %> host1.json host2.json',
    '<%= config.bin %> <%= command.id %> run-*.json --json all.json',
    "<%= config.bin %> <%= command.id %> host1.json host2.json --threshold 'message.p99<5ms'",
    'kubectl logs -l job-name=kali --tail=-1 | <%= config.bin %> <%= command.id %> -',
  ];

  async run(): Promise<void> {
    process.exit(await this.execute());
  }

  private async execute(): Promise<number> {
    try {
      const { files, json, thresholds: expressions } = await this.readCommandLine();
      const inputs: ResultFile[] = [];
      // One at a time, so that the first bad file on the command line is the one reported.
      for (const file of files)
        inputs.push(...(file === '-' ? await readStandardInput() : [await readResult(file)]));
      const merged = mergeResults(
        inputs.map((i) => i.result),
        inputs.map((i) => i.file),
      );
      const kinds = new Map(Object.entries(merged.metrics).map(([name, m]) => [name, m.kind]));
      const thresholds = expressions.map((t) => parseThreshold(t, kinds));
      const text: TextSink = json === '-' ? process.stderr : process.stdout;
      for (const warning of segmentCoverage(inputs.map((i) => i.result)))
        process.stderr.write(`${warning}\n`);
      // As a run does: a file that cannot be created stops everything before any report.
      const target = json === undefined || json === '-' ? json : await createFile(json);
      try {
        // The inputs' verdicts judged their parts; the merged run is judged afresh, after its report.
        merged.thresholds = judge(thresholds, merged);
        await this.report(merged, text, () => {
          for (const v of merged.thresholds) text.write(`${verdictLine(v)}\n`);
        });
        if (target !== undefined) await writeResult(merged, target);
      } finally {
        if (typeof target === 'object') await target.handle.close().catch(() => {});
      }
      return merged.thresholds.some((v) => !v.passed) ? ExitStatus.THRESHOLD : ExitStatus.OK;
    } catch (err) {
      const { text, exitCode } = renderError(err);
      process.stderr.write(`${text}\n`);
      return exitCode;
    }
  }

  private async readCommandLine(): Promise<{ files: string[]; json?: string; thresholds: string[] }> {
    let parsed: { argv: unknown[]; flags: { json?: string; threshold?: string[] } };
    try {
      parsed = await this.parse(Merge);
    } catch (err) {
      throw new UsageFailure(`kali merge: ${firstLine(err)}`);
    }
    const files = parsed.argv.map(String);
    if (files.length === 0)
      throw new UsageFailure('kali merge: name the result files to merge (see kali merge --help)');
    // Without strict argument checking oclif passes unknown options along as file names.
    const option = files.find((f) => f.startsWith('-') && f !== '-');
    if (option) throw new UsageFailure(`kali merge: unknown option ${option} (see kali merge --help)`);
    if (files.filter((f) => f === '-').length > 1)
      throw new UsageFailure('kali merge: - (standard input) can be named only once');
    const thresholds = parsed.flags.threshold ?? [];
    return { files, thresholds, ...(parsed.flags.json !== undefined ? { json: parsed.flags.json } : {}) };
  }

  /**
   * The report a run prints, from the output plugins a run with the first input's options and no
   * output options would enable (each output's `enabled`): src/ knows no output by name, and what
   * a run prints is theirs to say.
   */
  private async report(merged: RunResult, text: TextSink, afterReport: () => void): Promise<void> {
    const { catalog, specs } = pluginOptionTable(await loadCatalog(installedInOrder(this.config)));
    const outputNames = new Set(
      catalog.plugins.filter((p) => p.ref.kind === 'output').map((p) => p.ref.name),
    );
    const config = reportConfig(merged.config, await defaultConfig(specs), outputNames);
    const log = makeStderrLog('');
    const contextFor = (name: string) => hostContextFor(config, name, log);
    const { loaded } = selectForReport(catalog, config, contextFor);
    const report = resultToReport(
      merged,
      loaded.measurement.map((m) => m.metric),
      config.latency.percentiles,
    );
    const outputs = new OutputFanout();
    try {
      for (const plugin of loaded.output) {
        try {
          const output = await plugin.create({
            ...contextFor(plugin.name),
            interactive: false,
            histogram: (metric) => {
              const m = merged.metrics[metric];
              return m?.kind === 'latency' ? decodedView(m.histogram) : undefined;
            },
            text,
            result: () => merged,
          });
          outputs.add(plugin.name, output);
        } catch (err) {
          throw new PluginFailure(`${plugin.name} output`, 'create', err);
        }
      }
      await outputs.report(report);
      afterReport();
      await outputs.result(merged);
    } finally {
      await outputs.close({ exitCode: outputs.failure?.exitCode ?? ExitStatus.OK });
    }
    if (outputs.failure) throw outputs.failure;
  }
}

/**
 * The plugins a run of `config` would select, chosen by the same rules. The destinations are left
 * out: they only pick a protocol, which a report does not need and this machine may not have.
 */
function selectForReport(
  catalog: PluginCatalog,
  config: RunConfig,
  contextFor: Parameters<typeof selectPlugins>[2],
): ReturnType<typeof selectPlugins> {
  const { transport: _, ...rest } = config;
  return selectPlugins(catalog, { ...rest, destinations: [] }, contextFor);
}

/**
 * kali's defaults, plugin options included, from the parser that applies them. It wants
 * somewhere to listen or connect to; a report has neither, so the listen port is dropped.
 */
async function defaultConfig(specs: readonly PluginOptionSpec[]): Promise<RunConfig> {
  const parsed = await parseCommandLine(['--listen-port=1'], { cpus: 1 }, specs);
  if (parsed.action !== 'run')
    throw new KaliError('kali merge: no default configuration', ExitStatus.SOFTWARE);
  const { listen: _, ...config } = parsed.config;
  return config;
}

/** oclif's parse errors go on with hints over several lines; the first says what is wrong. */
function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0].trim();
}

/** The --json file, created (or emptied) now; like the run's result file, exit 64 if it cannot be. */
async function createFile(file: string): Promise<{ file: string; handle: FileHandle }> {
  try {
    return { file, handle: await open(file, 'w') };
  } catch (err) {
    throw new KaliError(`kali merge: cannot write ${file}: ${describeError(err)}`, ExitStatus.USAGE);
  }
}

async function writeResult(
  result: RunResult,
  target: '-' | { file: string; handle: FileHandle },
): Promise<void> {
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (target === '-') {
    process.stdout.write(text);
    return;
  }
  try {
    await target.handle.writeFile(text);
  } catch (err) {
    throw new KaliError(`kali merge: cannot write ${target.file}: ${describeError(err)}`, ExitStatus.FAILED);
  }
}
