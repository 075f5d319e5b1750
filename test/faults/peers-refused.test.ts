import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { errorLines, explain, runKali } from '../helpers/run-kali.js';
import { closingReasons, failedConnects, rampUpFailure } from './helpers/failed-connects.js';

const CONNECTIONS = 10;
/** The default --connect-rate: refused attempts are replaced at this pace, not faster. */
const CONNECT_RATE = 100;

/**
 * Nobody listens: every connect is refused at once. This is the reference for how kali ends when
 * connections cannot be established (the refused WebSocket upgrade and the failed TLS handshake
 * tests expect the same lines and status).
 */
describe('plain TCP, connection refused', { timeout: 40_000, concurrency: 1 }, () => {
  it('counts each refusal and ends at -T with the ramp-up failure, exit 1', async () => {
    const port = await freePort();
    const run = await runKali(['-T1s', `-c${CONNECTIONS}`, '-m', 'hello', `127.0.0.1:${port}`], {
      timeoutMs: 15_000,
    });
    assert.equal(run.code, 1, explain(run));
    assert.equal(run.stdout, '', `no report without a ramp-up\n${explain(run)}`);
    assert.ok(run.elapsedMs >= 1000, `stopped before -T\n${explain(run)}`);
    assert.deepEqual(errorLines(run.stderr), [rampUpFailure(CONNECTIONS, 1)], explain(run));
    const failed = failedConnects(run, explain);
    assert.equal(failed.last, 'Connection refused', explain(run));
    assert.equal(failed.timeouts, 0, explain(run));
    // At least the first -c, and no more than --connect-rate allows in a second (plus slack for
    // the worker's clock starting before the main thread's -T timer fires).
    assert.ok(
      failed.failures >= CONNECTIONS && failed.failures <= CONNECT_RATE * 1.3 + CONNECTIONS,
      `${failed.failures} refused attempts\n${explain(run)}`,
    );
  });

  it('-v prints one Closing line per refusal instead of the summary', async () => {
    const port = await freePort();
    const run = await runKali(['-v', '-T1s', '-c2', '-m', 'hello', `127.0.0.1:${port}`], {
      timeoutMs: 15_000,
    });
    assert.equal(run.code, 1, explain(run));
    const reasons = closingReasons(run, port);
    assert.ok(reasons.length >= 2, explain(run));
    assert.deepEqual(new Set(reasons), new Set(['Connection refused']), explain(run));
    assert.deepEqual(
      errorLines(run.stderr).filter((l) => !l.startsWith('Closing ')),
      [rampUpFailure(2, 1)],
      explain(run),
    );
  });
});
