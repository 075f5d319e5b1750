import type { FinalReport, LiveStats, Output, OutputContext } from 'kali';
import { parseJsonOptions } from './json-options.js';
import { intervalRecord, reportRecord } from './json-records.js';
import { type JsonSink, openJsonSink } from './json-sink.js';

/**
 * The final report as one JSON object; with an interval, JSON Lines: one `interval` record per
 * interval during the run, then the `report` record.
 */
export function createJsonOutput(
  ctx: OutputContext,
  open: (file: string) => JsonSink = openJsonSink,
): Output {
  const { file, interval } = parseJsonOptions(ctx.options);
  const sink = open(file);
  let nextAt = interval ?? Number.POSITIVE_INFINITY;
  let closed = false;

  return {
    onStats(stats: LiveStats) {
      if (closed || interval === undefined || stats.elapsed < nextAt) return;
      // Keep the cadence when a tick comes late instead of drifting.
      while (nextAt <= stats.elapsed) nextAt += interval;
      sink.line(intervalRecord(stats));
    },

    onReport(report: FinalReport) {
      if (!closed) sink.line(reportRecord(report));
    },

    close() {
      if (closed) return;
      closed = true;
      sink.close();
    },
  };
}
