import type { HostContext, IntervalRecord, Output, OutputContext, RunOutcome, RunResult } from 'kali';
import { asOneLine, type DescribeError } from './json-error.js';
import { parseJsonOptions } from './json-options.js';
import { type JsonTarget, openJsonTarget } from './json-target.js';
import { RewriteThrottle } from './rewrite-throttle.js';

/** One line of compact JSON: the smallest and quickest to rewrite, and `jq` reads it as well. */
export function serialize(doc: RunResult): string {
  return `${JSON.stringify(doc)}\n`;
}

/**
 * The run's result document in a file. A regular file holds a valid document from the start:
 * the run so far (`partial`), rewritten whole at each interval, then the complete one. stdout
 * and other files that cannot be rewritten get the last document only.
 *
 * A run that ends without a result (it failed before its report) still ends with a document:
 * the run so far, `partial`, with the exit status, so that a script reading the file learns how
 * the run went from the file too.
 *
 * A file that stops taking data during the run does not stop the run, whose text report is still
 * worth having: rewriting stops with a warning, and the last document is tried anyway at the
 * end, where a failure is one line and exit status 1.
 */
export function createJsonOutput(
  ctx: OutputContext,
  describe: DescribeError,
  open: (file: string) => JsonTarget = (file) => openJsonTarget(file, describe),
  now: () => number = () => performance.now(),
): Output {
  const { file, interval } = parseJsonOptions(ctx.options);
  const target = open(file);
  const throttle = new RewriteThrottle(interval);
  let rewriting = target.rewritable;
  let ended = false;
  let failure: Error | undefined;
  let reported = false;

  const raise = () => {
    if (!failure || reported) return;
    reported = true;
    throw failure;
  };
  /** The run so far, `end` seconds in; a regular file's write is synchronous. */
  const rewrite = (end: number, started: number) => {
    try {
      target.write(serialize(ctx.result()));
    } catch (err) {
      rewriting = false;
      warn(ctx, asOneLine(err, file, describe));
      return;
    }
    throttle.wrote(end, started, now());
  };

  // A valid document from the start: a run killed before its first interval leaves one too.
  if (rewriting) rewrite(0, now());

  return {
    onInterval(record: IntervalRecord) {
      const started = now();
      if (rewriting && throttle.due(record.end, started)) rewrite(record.end, started);
    },

    async onResult(result: RunResult) {
      await end(() => result);
      raise();
    },

    async close(outcome: RunOutcome) {
      await end(() => ({ ...ctx.result(), exitStatus: outcome.exitCode }));
      try {
        target.close();
      } catch (err) {
        failure ??= asOneLine(err, file, describe);
      }
      raise();
    },
  };

  /** The last document, once: the complete result, or what close knows without one. */
  async function end(last: () => RunResult): Promise<void> {
    if (ended) return;
    ended = true;
    rewriting = false;
    try {
      await target.write(serialize(last()));
    } catch (err) {
      failure = asOneLine(err, file, describe);
    }
  }
}

/** Interval hooks run on the host's timer: a warning, not an error, and the run goes on. */
function warn(ctx: HostContext, err: Error): void {
  ctx.log(`WARNING: ${err.message}; the complete result is written at the end`);
}
