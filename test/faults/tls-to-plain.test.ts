import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorLines, explain, type KaliRun, lines, runKali } from '../helpers/run-kali.js';
import { closingReasons, failedConnects, rampUpFailure } from './helpers/failed-connects.js';
import { startGarbagePeer } from './helpers/garbage-peer.js';
import { startHalfClosePeer } from './helpers/half-close-peer.js';
import type { Peer } from './helpers/peer.js';
import { startResetPeer } from './helpers/reset-peer.js';

const CONNECTIONS = 2;

/** Pieces of OpenSSL's raw error text, which must never reach the user. */
const OPENSSL_NOISE = /:error:[0-9A-F]+:|deps\/openssl|\.c:\d+:|SSL routines/;

function assertCleanStderr(run: KaliRun): void {
  assert.doesNotMatch(run.stderr, OPENSSL_NOISE, explain(run));
  assert.ok(!run.stderr.includes('\n\n'), `an empty line on stderr\n${explain(run)}`);
  assert.ok(
    lines(run.stderr).every((l) => !l.startsWith(')')),
    `a line broken inside a message\n${explain(run)}`,
  );
}

/**
 * A TLS client meeting a peer that does not speak TLS: each attempt fails its handshake and is
 * counted, with one readable line of reason whatever OpenSSL said.
 */
async function expectHandshakeFailures(
  peer: Peer,
  transportArgs: string[],
  allowed: string[],
): Promise<void> {
  const base = [...transportArgs, '-T1s', `-c${CONNECTIONS}`, '-m', 'hello', `127.0.0.1:${peer.port}`];
  const run = await runKali(base, { timeoutMs: 20_000 });
  assert.equal(run.code, 1, explain(run));
  assertCleanStderr(run);
  assert.deepEqual(errorLines(run.stderr), [rampUpFailure(CONNECTIONS, 1)], explain(run));
  const failed = failedConnects(run, explain);
  assert.ok(allowed.includes(failed.last), `unexpected reason ${failed.last}\n${explain(run)}`);
  assert.equal(failed.timeouts, 0, explain(run));
  assert.ok(failed.failures > CONNECTIONS, explain(run));
  // Every failure is a connection the peer accepted; those cut short by -T are not counted.
  assert.ok(
    failed.failures <= peer.accepted && peer.accepted <= failed.failures + CONNECTIONS,
    `kali counted ${failed.failures} failures, the peer accepted ${peer.accepted}\n${explain(run)}`,
  );

  const verbose = await runKali(['-v', ...base], { timeoutMs: 20_000 });
  assert.equal(verbose.code, 1, explain(verbose));
  assertCleanStderr(verbose);
  const reasons = closingReasons(verbose, peer.port);
  assert.ok(reasons.length > CONNECTIONS, explain(verbose));
  for (const reason of reasons)
    assert.ok(allowed.includes(reason), `unexpected reason ${reason}\n${explain(verbose)}`);
}

describe('TLS to a peer that does not speak TLS', { timeout: 120_000, concurrency: 1 }, () => {
  const closed = 'TLS handshake failed: the peer closed the connection';
  const cases: [string, () => Promise<Peer>, string[]][] = [
    ['answers garbage', startGarbagePeer, ['TLS handshake failed: wrong version number']],
    ['closes at once (FIN)', startHalfClosePeer, [closed]],
    // A reset is the TCP layer's failure, in the C library's words as for plain TCP; Node loses
    // the reset's errno when it lands while the TLS layer is between reads.
    ['resets at once (RST)', () => startResetPeer(0), ['Connection reset by peer', closed]],
  ];
  for (const transport of [['--ssl'], ['--ws', '--ssl']]) {
    for (const [what, start, allowed] of cases) {
      it(`${transport.join(' ')}: a peer that ${what}`, async () => {
        const peer = await start();
        try {
          await expectHandshakeFailures(peer, transport, allowed);
        } finally {
          await peer.close();
        }
      });
    }
  }
});
