import { Args, Command, Flags } from '@oclif/core';
import { ExitStatus, renderError, UsageFailure } from '../errors/index.js';
import {
  breaches,
  breachLines,
  compareFigures,
  comparisonTable,
  parseTolerance,
  type Tolerance,
  unmatchedMetrics,
} from '../results/compare-results.js';
import { readResult } from '../results/read-result.js';

/**
 * `kali compare BASE.json NEW.json`: two results side by side, and with `--tolerance` a verdict
 * for scripts: exit 1 when a figure got worse by more than allowed.
 */
export default class Compare extends Command {
  static override summary = 'Show two results side by side; fail when a figure got worse than tolerated.';
  static override description =
    'Compares the traffic rates, failed connections, counters and latency percentiles of two result documents written with --json. With --tolerance, exits 1 when a figure got worse (latencies, failures and error counters higher, rates lower) by more than the given percentage. See docs/results.md.';
  static override args = {
    base: Args.string({ description: 'The result to compare against (kali --json FILE)' }),
    new: Args.string({ description: 'The result to judge' }),
  };
  static override flags = {
    tolerance: Flags.string({
      description: 'How much worse a figure may get, for all (10%) or one (message.p99=5%); repeatable',
      helpValue: 'PCT|FIGURE=PCT',
      multiple: true,
      multipleNonGreedy: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> <%= command.id %> before.json after.json',
    '<%= config.bin %> <%= command.id %> before.json after.json --tolerance 10% --tolerance message.p99=5%',
  ];

  async run(): Promise<void> {
    process.exit(await this.execute());
  }

  private async execute(): Promise<number> {
    try {
      let parsed: { args: { base?: string; new?: string }; flags: { tolerance?: string[] } };
      try {
        parsed = await this.parse(Compare);
      } catch (err) {
        // oclif goes on with hints over several lines; the first says what is wrong.
        throw new UsageFailure(
          `kali compare: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`,
        );
      }
      const { base: baseFile, new: newFile } = parsed.args;
      if (baseFile === undefined || newFile === undefined)
        throw new UsageFailure('kali compare: name two result files, BASE and NEW (see kali compare --help)');
      // Before the files are read: a mistyped option is the first thing to hear about.
      const tolerances: Tolerance[] = (parsed.flags.tolerance ?? []).map(parseTolerance);
      const base = await readResult(baseFile);
      const next = await readResult(newFile);
      const figures = compareFigures(base.result, next.result);
      const found = breaches(figures, tolerances);
      const lines = [`BASE: ${base.file}`, `NEW:  ${next.file}`, '', ...comparisonTable(figures)];
      const unmatched = unmatchedMetrics(base.result, next.result);
      if (unmatched.base.length > 0) lines.push(`Only in BASE, not compared: ${unmatched.base.join(', ')}`);
      if (unmatched.next.length > 0) lines.push(`Only in NEW, not compared: ${unmatched.next.join(', ')}`);
      const verdict = breachLines(found);
      if (verdict.length > 0) lines.push('', ...verdict);
      process.stdout.write(`${lines.join('\n')}\n`);
      return found.length > 0 ? ExitStatus.FAILED : ExitStatus.OK;
    } catch (err) {
      const { text, exitCode } = renderError(err);
      process.stderr.write(`${text}\n`);
      return exitCode;
    }
  }
}
