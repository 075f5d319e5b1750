import type { PipelineResult } from '../engine/protocol.js';
import { zeroConnections } from '../engine/worker/counters.js';
import type { InOut, ResultConnections } from '../interfaces/result.js';
import type { ConnectionCounters } from '../interfaces/stats.js';

type Failed = ResultConnections['failed'];

/**
 * The connection figures of a result from every worker's final counters: the steady phase (each
 * worker's counters minus those it had when the steady phase began) and the whole run.
 */
export function connectionFigures(
  results: readonly (PipelineResult | undefined)[],
  openAtEnd: ConnectionCounters,
): ResultConnections {
  const run = { c: zeroConnections(), why: {} as Record<string, number> };
  const steady = { c: zeroConnections(), why: {} as Record<string, number> };
  for (const r of results) {
    if (!r) continue;
    add(run.c, r.stats.conns, 1);
    addReasons(run.why, r.stats.failureReasons, 1);
    if (r.steadyConns) {
      add(steady.c, r.stats.conns, 1);
      add(steady.c, r.steadyConns, -1);
      addReasons(steady.why, r.stats.failureReasons, 1);
      addReasons(steady.why, r.steadyFailureReasons ?? {}, -1);
    }
  }
  return {
    opened: opened(steady.c),
    openAtEnd: { in: openAtEnd.openIn, out: openAtEnd.openOut },
    closedByPeer: { in: steady.c.closedByPeerIn, out: steady.c.closedByPeerOut },
    failed: failed(steady.c, steady.why),
    run: {
      opened: opened(run.c),
      closedByPeer: { in: run.c.closedByPeerIn, out: run.c.closedByPeerOut },
      failed: failed(run.c, run.why),
    },
  };
}

/** Accepted by the listener; made to the destinations. */
function opened(c: ConnectionCounters): InOut {
  return { in: c.accepted, out: openedOut(c) };
}

/** Outgoing attempts that got through: every initiated one that is neither pending nor failed. */
export function openedOut(c: ConnectionCounters): number {
  return Math.max(0, c.initiated - c.connecting - c.failures);
}

function failed(c: ConnectionCounters, why: Record<string, number>): Failed {
  const byReason: Record<string, number> = {};
  for (const k in why) if (why[k] > 0) byReason[k] = why[k];
  return { total: c.failures, timedOut: c.timeouts, byReason };
}

function add(into: ConnectionCounters, c: ConnectionCounters, sign: number): void {
  for (const k of Object.keys(into) as (keyof ConnectionCounters)[]) into[k] += sign * c[k];
}

function addReasons(into: Record<string, number>, add: Record<string, number>, sign: number): void {
  for (const k in add) into[k] = (into[k] ?? 0) + sign * add[k];
}
