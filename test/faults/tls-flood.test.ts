import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { explain, parseReport } from '../helpers/run-kali.js';
import { assertSinkSurvived, floodSink, HANDSHAKEN } from './helpers/flood-sink.js';
import { type Certificate, makeCertificate } from './helpers/tls-fixtures.js';

let certificate: Certificate;
before(() => {
  certificate = makeCertificate();
});
after(() => certificate.remove());

/**
 * kali's --ssl listener under 2,000 connections of random bytes (failed handshakes) and 20
 * clients that complete the handshake and then send random bytes and close or reset.
 */
it('--ssl listener: a flood of garbage and resets, and garbage after the handshake', {
  timeout: 60_000,
}, async () => {
  const o = await floodSink(
    ['--ssl', '--ssl-cert', certificate.certPath, '--ssl-key', certificate.keyPath],
    'tls',
  );
  assertSinkSurvived(o);
  const why = explain(o.run);
  const conns = o.conns as NonNullable<typeof o.conns>;
  const handshaken = o.handshaken as NonNullable<typeof o.handshaken>;
  assert.equal(handshaken.handshaken, HANDSHAKEN, why);
  // A failed handshake never reaches the engine: only the completed ones are connections.
  assert.equal(conns.accepted, HANDSHAKEN, why);
  assert.equal(handshaken.lingering, 0, why);
  const received = parseReport(o.run.stdout).bytesRcvd;
  assert.ok(
    received >= (HANDSHAKEN / 2) * 4096 && received <= HANDSHAKEN * 4096,
    `received ${received}\n${why}`,
  );
});
