import { readFileSync } from 'node:fs';
import { Args, Command, Flags } from '@oclif/core';
import type { RunResult } from 'kali';
import { writeReportFile } from '../report-file.js';
import { renderReport } from '../report-html.js';
import { resultProblem } from '../result-check.js';
import { standaloneApi } from '../standalone-api.js';

/** sysexits: the input is not what it should be. */
const EXIT_DATA = 65;
/** EX_CANTCREAT, as `kali merge` ends when its output cannot be written. */
const EXIT_CANT_CREATE = 73;

/** The HTML report of a run that is over, from the result document it left (`--json FILE`). */
export default class Report extends Command {
  static override summary = 'Write the HTML report of a saved result document.';
  static override description =
    'Reads a result document (what --json FILE writes) and writes the same self-contained HTML page as --report FILE.html: the run, its thresholds, every metric, latency percentile spectra and charts over time. The page needs no network to open.';
  static override args = {
    result: Args.string({ description: 'Result document of a run (JSON)', required: true }),
  };
  static override flags = {
    output: Flags.string({
      char: 'o',
      description: 'HTML file to write',
      helpValue: 'FILE.html',
      required: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> -T30s -c10 -m hello --latency-marker hello --json run.json 127.0.0.1:9000',
    '<%= config.bin %> <%= command.id %> run.json -o run.html',
  ];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Report);
    const { describeError, decodeHistogram } = standaloneApi;
    const result = this.readResult(args.result);
    let html: string;
    try {
      html = renderReport(result, decodeHistogram);
    } catch (err) {
      this.stop(`${args.result}: ${describeError(err)}`, EXIT_DATA);
    }
    try {
      writeReportFile(flags.output, html);
    } catch (err) {
      this.stop(`kali report: cannot write ${flags.output}: ${describeError(err)}`, EXIT_CANT_CREATE);
    }
  }

  private readResult(file: string): RunResult {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      this.stop(`${file}: ${standaloneApi.describeError(err)}`, EXIT_DATA);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.stop(`${file}: not JSON (${standaloneApi.describeError(err)})`, EXIT_DATA);
    }
    const problem = resultProblem(value);
    if (problem !== undefined) this.stop(`${file}: ${problem}`, EXIT_DATA);
    return value as RunResult;
  }

  /**
   * One line on stderr and the status, as kali's own failures end: never a stack trace. Input
   * problems start with the file's name, as `kali merge` and `kali compare` word them.
   */
  private stop(line: string, status: number): never {
    process.stderr.write(`${line}\n`);
    this.exit(status);
  }
}
