import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorLines, explain, lines, parseReport, runKali } from '../helpers/run-kali.js';
import { jsonReport } from './helpers/json-report.js';
import { startResetPeer } from './helpers/reset-peer.js';

/**
 * A reset after the connect is an open connection closed by the peer: kali replaces it and the
 * run goes on to -T and its report. Only a reset that beats the connect's completion (possible
 * when the peer resets at accept) counts as a failed attempt.
 */
describe('a peer that resets connections', { timeout: 60_000, concurrency: 1 }, () => {
  it('right after accept: kali reconnects for the whole run and reports, exit 0', async () => {
    const peer = await startResetPeer(0);
    const json = jsonReport();
    try {
      const run = await runKali(['-T2s', '-c1', '-m', 'hello', ...json.args, `127.0.0.1:${peer.port}`], {
        timeoutMs: 20_000,
      });
      assert.equal(run.code, 0, explain(run));
      assert.deepEqual(errorLines(run.stderr), [], explain(run));
      assert.ok(lines(run.stderr).includes('Ramped up to 1 connections.'), explain(run));
      assert.ok(parseReport(run.stdout).duration >= 2, explain(run));
      const { conns } = json.read();
      // Replaced at --connect-rate (100/s) for two seconds.
      assert.ok(conns.initiated > 20, `only ${conns.initiated} connections\n${explain(run)}`);
      // The peer reset every connection it got, and it got every one kali made but the last.
      assert.equal(peer.resets, peer.accepted, explain(run));
      assert.ok(
        peer.accepted <= conns.initiated && peer.accepted >= conns.initiated - 1,
        `kali made ${conns.initiated} connections, the peer reset ${peer.resets}\n${explain(run)}`,
      );
    } finally {
      await peer.close();
      json.remove();
    }
  });

  it('after 64 KiB: every connection opened first, so none is a failed attempt', async () => {
    const peer = await startResetPeer(64 * 1024);
    const json = jsonReport();
    try {
      const run = await runKali(
        ['-T2s', '-c2', '-m', 'x'.repeat(100), ...json.args, `127.0.0.1:${peer.port}`],
        { timeoutMs: 20_000 },
      );
      assert.equal(run.code, 0, explain(run));
      assert.deepEqual(errorLines(run.stderr), [], explain(run));
      assert.ok(parseReport(run.stdout).bytesSent > 0, explain(run));
      const { conns } = json.read();
      assert.equal(conns.failures, 0, explain(run));
      assert.ok(conns.initiated > 20, `only ${conns.initiated} connections\n${explain(run)}`);
      // Those open at -T may not have reached 64 KiB yet; -c2 of them at most.
      assert.ok(
        peer.resets <= conns.initiated && peer.resets >= conns.initiated - 2,
        `kali made ${conns.initiated} connections, the peer reset ${peer.resets}\n${explain(run)}`,
      );
    } finally {
      await peer.close();
      json.remove();
    }
  });
});
