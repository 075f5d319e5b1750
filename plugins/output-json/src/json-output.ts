import type { FinalReport, LiveStats, Output, OutputContext } from 'kali';
import { cannotWrite, type DescribeError, EXIT_FAILURE } from './json-error.js';
import { parseJsonOptions } from './json-options.js';
import { intervalRecord, reportRecord } from './json-records.js';
import { type JsonSink, openJsonSink } from './json-sink.js';

/**
 * The final report as one JSON object; with an interval, JSON Lines: one `interval` record per
 * interval during the run, then the `report` record.
 *
 * A file that stops taking data is reported once, as one line, from onReport (or from close when
 * the run ends without a report). onStats never throws: it runs on the host's stats timer, and
 * a full disk should not cut short a load test whose text summary is still worth having.
 */
export function createJsonOutput(
  ctx: OutputContext,
  describe: DescribeError,
  open: (file: string) => JsonSink = (file) => openJsonSink(file, describe),
): Output {
  const { file, interval } = parseJsonOptions(ctx.options);
  const percentiles = ctx.config.latency.percentiles;
  const sink = open(file);
  let nextAt = interval ?? Number.POSITIVE_INFINITY;
  let closed = false;
  let failure: Error | undefined;
  let reported = false;

  const write = (value: unknown) => {
    if (failure) return;
    try {
      sink.line(value);
    } catch (err) {
      failure = asOneLine(err, file, describe);
    }
  };
  const raise = () => {
    if (!failure || reported) return;
    reported = true;
    throw failure;
  };

  return {
    onStats(stats: LiveStats) {
      if (closed || interval === undefined || stats.elapsed < nextAt) return;
      // Keep the cadence when a tick comes late instead of drifting.
      while (nextAt <= stats.elapsed) nextAt += interval;
      write(intervalRecord(stats, percentiles));
    },

    onReport(report: FinalReport) {
      if (closed) return;
      write(reportRecord(report, percentiles));
      raise();
    },

    close() {
      if (closed) return;
      closed = true;
      try {
        sink.close();
      } catch (err) {
        failure ??= asOneLine(err, file, describe);
      }
      raise();
    },
  };
}

/** Sinks throw one-liners already; anything else still comes out naming the output and file. */
function asOneLine(err: unknown, file: string, describe: DescribeError): Error {
  if (err instanceof Error && typeof (err as { exitCode?: unknown }).exitCode === 'number') return err;
  return cannotWrite(file, err, EXIT_FAILURE, describe);
}
