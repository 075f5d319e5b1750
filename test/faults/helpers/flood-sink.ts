import assert from 'node:assert/strict';
import { freePort, waitForListening } from '../../helpers/free-port.js';
import { errorLines, explain, type KaliRun, parseReport, startKali } from '../../helpers/run-kali.js';
import { type FloodResult, flood } from './flood.js';
import { garbageAfterHandshake, type Handshake, type HandshakenResult } from './handshaken-garbage.js';
import { jsonReport, type ReportConns } from './json-report.js';

export interface FloodOutcome {
  run: KaliRun;
  flood: FloodResult;
  /** Clients that finished the listener's handshake before sending garbage, if any were asked for. */
  handshaken: HandshakenResult | undefined;
  conns: ReportConns | undefined;
  /** When the flood was over, in ms since kali started; it must be before -T ends. */
  floodEndedMs: number;
}

export const FLOOD_CONNECTIONS = 2000;
export const SINK_SECONDS = 5;
/** Clients that complete the handshake first; they take one at a time. */
export const HANDSHAKEN = 20;

/**
 * kali as a sink (`-l… -T5s`, no destinations) under a flood of connections that send random
 * bytes and then close or reset, plus a few that first complete the listener's handshake.
 */
export async function floodSink(
  transportArgs: string[],
  handshake: Handshake | undefined,
): Promise<FloodOutcome> {
  const port = await freePort();
  const json = jsonReport();
  try {
    const started = performance.now();
    const kali = startKali([...transportArgs, `-l127.0.0.1:${port}`, `-T${SINK_SECONDS}s`, ...json.args], {
      timeoutMs: 30_000,
    });
    kali.done.catch(() => {});
    await waitForListening('127.0.0.1', port, 10_000);
    const result = await flood({ port, connections: FLOOD_CONNECTIONS, bytes: 1024, parallel: 50 });
    const handshaken = handshake ? await garbageAfterHandshake(port, handshake, HANDSHAKEN, 4096) : undefined;
    const floodEndedMs = performance.now() - started;
    const run = await kali.done;
    let conns: ReportConns | undefined;
    try {
      conns = json.read().conns;
    } catch {
      conns = undefined;
    }
    return { run, flood: result, handshaken, conns, floodEndedMs };
  } finally {
    json.remove();
  }
}

/** What every flooded sink must show: the flood fit in the run, and the run ended normally. */
export function assertSinkSurvived(o: FloodOutcome): void {
  const why = explain(o.run);
  assert.equal(o.run.code, 0, why);
  assert.deepEqual(errorLines(o.run.stderr), [], why);
  assert.ok(parseReport(o.run.stdout).duration >= SINK_SECONDS, why);
  // Every flood connection was accepted while kali listened (its backlog is 65535)...
  assert.equal(o.flood.connected, FLOOD_CONNECTIONS, `${JSON.stringify(o.flood)}\n${why}`);
  // ...and the flood was over before -T, so the run really was under fire.
  assert.ok(o.floodEndedMs < SINK_SECONDS * 1000, `the flood took ${Math.round(o.floodEndedMs)} ms\n${why}`);
  assert.ok(o.conns, `no JSON report\n${why}`);
}
