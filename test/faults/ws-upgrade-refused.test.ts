import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorLines, explain, hasStackTrace, runKali } from '../helpers/run-kali.js';
import { closingReasons, failedConnects, rampUpFailure } from './helpers/failed-connects.js';
import { startHttpStatusPeer } from './helpers/http-status-peer.js';

const CONNECTIONS = 10;

/**
 * A server that answers the upgrade with anything but 101 refuses the connection: kali counts a
 * failed attempt, tries again at --connect-rate, and ends at -T as for a refused TCP connect.
 */
describe('a WebSocket upgrade answered without 101', { timeout: 90_000, concurrency: 1 }, () => {
  for (const status of [200, 404, 503]) {
    it(`HTTP ${status} is a failed connection attempt, and the run goes on to -T`, async () => {
      const peer = await startHttpStatusPeer(status);
      try {
        const run = await runKali(
          ['--ws', '-T1s', `-c${CONNECTIONS}`, '-m', 'hello', `127.0.0.1:${peer.port}/nonexistent`],
          { timeoutMs: 20_000 },
        );
        assert.equal(run.code, 1, explain(run));
        assert.ok(!hasStackTrace(run.stderr), explain(run));
        assert.equal(run.stdout, '', `no report without a ramp-up\n${explain(run)}`);
        assert.ok(run.elapsedMs >= 1000, `stopped before -T\n${explain(run)}`);
        assert.deepEqual(errorLines(run.stderr), [rampUpFailure(CONNECTIONS, 1)], explain(run));
        const failed = failedConnects(run, explain);
        assert.equal(failed.last, `WebSocket upgrade refused: HTTP ${status}`, explain(run));
        assert.equal(failed.timeouts, 0, explain(run));
        // Each failure is an answer the peer gave; answers still in flight at the end are not.
        assert.ok(failed.failures > CONNECTIONS, explain(run));
        assert.ok(
          failed.failures <= peer.upgrades && peer.upgrades <= failed.failures + CONNECTIONS,
          `kali counted ${failed.failures} refusals, the peer answered ${peer.upgrades}\n${explain(run)}`,
        );
      } finally {
        await peer.close();
      }
    });
  }

  it('-v prints one Closing line per refused upgrade', async () => {
    const peer = await startHttpStatusPeer(404);
    try {
      const run = await runKali(['--ws', '-v', '-T1s', '-c2', '-m', 'hello', `127.0.0.1:${peer.port}/x`], {
        timeoutMs: 20_000,
      });
      assert.equal(run.code, 1, explain(run));
      assert.ok(!hasStackTrace(run.stderr), explain(run));
      const reasons = closingReasons(run, peer.port);
      assert.ok(reasons.length > 2, explain(run));
      assert.deepEqual(new Set(reasons), new Set(['WebSocket upgrade refused: HTTP 404']), explain(run));
      assert.ok(peer.upgrades >= reasons.length && peer.upgrades <= reasons.length + 2, explain(run));
      // -v prints each failure instead of the summary.
      assert.deepEqual(
        errorLines(run.stderr).filter((l) => !l.startsWith('Closing ')),
        [rampUpFailure(2, 1)],
        explain(run),
      );
    } finally {
      await peer.close();
    }
  });
});
