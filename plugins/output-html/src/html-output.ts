import type { KaliApi, Output, OutputContext, RunResult } from 'kali';
import { reportPath } from './html-options.js';
import { claimReportFile, writeReportFile } from './report-file.js';
import { renderReport } from './report-html.js';

/**
 * Writes the report when the host hands over the result document (onResult, after the final
 * report and the threshold verdicts). Nothing is written during the run: the page shows the
 * whole of it, and the host's interval records come with the result.
 */
export function createHtmlOutput(ctx: OutputContext, kali: KaliApi): Output {
  const path = reportPath(ctx.options);
  if (path === undefined) throw kali.error('--output html needs --report FILE.html', kali.exit.USAGE);
  let claim: { release(): void };
  try {
    claim = claimReportFile(path);
  } catch (err) {
    throw kali.error(`--report: cannot write ${path}: ${kali.describeError(err)}`, kali.exit.USAGE);
  }
  let written = false;

  return {
    onResult(result: RunResult) {
      let html: string;
      try {
        html = renderReport(result, kali.decodeHistogram);
      } catch (err) {
        throw kali.error(`--report: cannot render ${path}: ${kali.describeError(err)}`, kali.exit.FAILED);
      }
      try {
        writeReportFile(path, html);
      } catch (err) {
        throw kali.error(`--report: cannot write ${path}: ${kali.describeError(err)}`, kali.exit.FAILED);
      }
      written = true;
    },

    close() {
      if (!written) claim.release();
    },
  };
}
