import assert from 'node:assert/strict';
import { it } from 'node:test';
import { explain, parseReport } from '../helpers/run-kali.js';
import { assertSinkSurvived, FLOOD_CONNECTIONS, floodSink } from './helpers/flood-sink.js';

/**
 * kali's plain TCP listener under 2,000 connections of random bytes, half of them ending with an
 * RST: each is an accepted connection like any other, and the run ends with its report.
 */
it('tcp listener: a flood of garbage and resets', { timeout: 40_000 }, async () => {
  const o = await floodSink([], undefined);
  assertSinkSurvived(o);
  const why = explain(o.run);
  const conns = o.conns as NonNullable<typeof o.conns>;
  // The flood, plus the probe that waited for the listener. A reset can beat accept() and take
  // the connection out of the queue, so only the ones that closed with a FIN are certain.
  assert.ok(conns.accepted <= FLOOD_CONNECTIONS + 1, `${conns.accepted} accepted\n${why}`);
  assert.ok(conns.accepted >= FLOOD_CONNECTIONS / 2 + 1, `${conns.accepted} accepted\n${why}`);
  // Bytes that arrived before a FIN must all be read; those before an RST may be dropped.
  const received = parseReport(o.run.stdout).bytesRcvd;
  assert.ok(
    received >= o.flood.bytesClosed && received <= o.flood.bytesTotal,
    `received ${received}, flood sent ${o.flood.bytesTotal} (${o.flood.bytesClosed} before a FIN)\n${why}`,
  );
});
