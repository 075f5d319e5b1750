import assert from 'node:assert/strict';
import { it } from 'node:test';
import { errorLines, explain, lines, parseReport, runKali } from '../helpers/run-kali.js';
import { jsonReport } from './helpers/json-report.js';
import { makeCertificate } from './helpers/tls-fixtures.js';
import { startTlsPeer } from './helpers/tls-peer.js';

/**
 * Plain TCP to a TLS server: the connect succeeds, the server refuses kali's first bytes as a
 * ClientHello and closes. For kali that is an open connection closed by the peer, not a failed
 * attempt: it is replaced, and the run ends normally at -T.
 */
it('plain TCP to a TLS peer: every connection opens, is dropped and replaced', {
  timeout: 30_000,
}, async () => {
  const certificate = makeCertificate();
  const peer = await startTlsPeer(certificate);
  const json = jsonReport();
  try {
    const run = await runKali(['-T2s', '-c1', '-m', 'hello', ...json.args, `127.0.0.1:${peer.port}`], {
      timeoutMs: 20_000,
    });
    assert.equal(run.code, 0, explain(run));
    assert.ok(lines(run.stderr).includes('Ramped up to 1 connections.'), explain(run));
    assert.deepEqual(errorLines(run.stderr), [], explain(run));
    assert.ok(parseReport(run.stdout).duration >= 2, explain(run));
    const { conns } = json.read();
    assert.equal(conns.failures, 0, explain(run));
    assert.equal(peer.handshakes, 0, explain(run));
    // Replaced at --connect-rate (100/s) for two seconds: far more than the one -c asks for.
    assert.ok(conns.initiated > 20, `only ${conns.initiated} connections\n${explain(run)}`);
    // Each connection the peer refused is one kali made; the last may still be in flight at -T.
    assert.ok(
      peer.clientErrors <= conns.initiated && peer.clientErrors >= conns.initiated - 1,
      `kali made ${conns.initiated} connections, the peer refused ${peer.clientErrors}\n${explain(run)}`,
    );
  } finally {
    await peer.close();
    certificate.remove();
    json.remove();
  }
});
