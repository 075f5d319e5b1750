import assert from 'node:assert/strict';
import { it } from 'node:test';
import { explain, parseReport } from '../helpers/run-kali.js';
import { assertSinkSurvived, floodSink, HANDSHAKEN } from './helpers/flood-sink.js';

/** Upper bound on the upgrade request the handshaken clients send (handshake bytes are counted). */
const UPGRADE_BYTES = 200;

/**
 * kali's --ws listener under 2,000 connections of random bytes (refused by its HTTP server) and
 * 20 clients that complete the upgrade and then send random bytes instead of frames.
 */
it('--ws listener: a flood of garbage and resets, and garbage after the upgrade', {
  timeout: 60_000,
}, async () => {
  const o = await floodSink(['--ws'], 'ws');
  assertSinkSurvived(o);
  const why = explain(o.run);
  const conns = o.conns as NonNullable<typeof o.conns>;
  const after = o.handshaken as NonNullable<typeof o.handshaken>;
  assert.equal(after.handshaken, HANDSHAKEN, why);
  // Only upgraded connections reach the engine; the rest never became connections.
  assert.equal(conns.accepted, HANDSHAKEN, why);
  // A client's FIN closes kali's side, as tcpkali does, instead of leaving it half-open.
  assert.equal(after.lingering, 0, why);
  const received = parseReport(o.run.stdout).bytesRcvd;
  const finGarbage = (HANDSHAKEN / 2) * 4096;
  assert.ok(
    received >= finGarbage && received <= HANDSHAKEN * (4096 + UPGRADE_BYTES),
    `received ${received}\n${why}`,
  );
});
