import type { WorkerStats } from '../interfaces/stats.js';
import type { PipelineResult } from './protocol.js';

/**
 * The figures of a worker that never returned its own (its thread died, or it did not stop in
 * time): what it last reported, so a run that fails mid-way still reports what was measured
 * instead of dropping that worker's traffic and connections. `atSteady` is its last report before
 * the steady phase began, the baseline the steady figures are counted from; a report is at most
 * one stats interval old, which is as close as a thread that is gone lets us get.
 *
 * The latency deltas are left out: they were added to the run's histograms when the report came.
 */
export function lostWorkerResult(
  last: WorkerStats | undefined,
  atSteady: WorkerStats | undefined,
): PipelineResult | undefined {
  if (!last) return undefined;
  const result: PipelineResult = { stats: { ...last, latency: {} } };
  if (atSteady) {
    result.steadyBaseline = atSteady.traffic;
    result.steadyConns = atSteady.conns;
    result.steadyCounters = atSteady.counters;
    result.steadyFailureReasons = atSteady.failureReasons;
  }
  return result;
}
