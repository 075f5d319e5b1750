import assert from 'node:assert/strict';
import { errorLines, explain, runKali } from '../../helpers/run-kali.js';
import { failedConnects, rampUpFailure } from './failed-connects.js';
import type { Peer } from './peer.js';

export const CONNECTIONS = 3;

/**
 * -T2s with --connect-timeout 750ms: attempts expire at about 0.75 s and 1.5 s, and a third round
 * would expire at 2.25 s, after the run has stopped. So two rounds of -c attempts time out; on a
 * loaded machine the worker may start late and see only the first.
 */
const TIMING = ['-T2s', '--connect-timeout', '750ms'];

/**
 * Runs kali against a peer that never finishes the handshake asked for, and checks that every
 * attempt was bounded by --connect-timeout: counted as a timed-out failure, closed, replaced.
 */
export async function expectEveryAttemptTimesOut(peer: Peer, transportArgs: string[]): Promise<void> {
  const run = await runKali(
    [...transportArgs, ...TIMING, `-c${CONNECTIONS}`, '-m', 'hello', `127.0.0.1:${peer.port}`],
    { timeoutMs: 20_000 },
  );
  assert.equal(run.code, 1, explain(run));
  assert.deepEqual(errorLines(run.stderr), [rampUpFailure(CONNECTIONS, 2)], explain(run));
  const failed = failedConnects(run, explain);
  assert.equal(failed.last, 'Connection timed out', explain(run));
  assert.equal(failed.timeouts, failed.failures, `every failure is a timeout\n${explain(run)}`);
  // Fewer than one round: the timeout did not fire. More than two: it fired early.
  assert.ok(
    failed.failures >= CONNECTIONS && failed.failures <= 2 * CONNECTIONS,
    `${failed.failures} timed out\n${explain(run)}`,
  );
  // Each attempt reached the peer: those that timed out, and one round cut short by -T.
  assert.ok(
    peer.accepted >= failed.failures && peer.accepted <= failed.failures + CONNECTIONS,
    `the peer accepted ${peer.accepted}, kali timed out ${failed.failures}\n${explain(run)}`,
  );
  // A timed-out attempt must really be closed: otherwise the peer would hold all three rounds.
  assert.ok(peer.maxOpen <= 2 * CONNECTIONS, `the peer had ${peer.maxOpen} open at once\n${explain(run)}`);
}
