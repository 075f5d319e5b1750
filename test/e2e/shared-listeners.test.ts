import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort, waitForListening } from '../helpers/free-port.js';
import { explain, parseReport, runKali, startKali } from '../helpers/run-kali.js';

/** Per worker, from the -vv exit blocks: connections it opened and connections it accepted. */
function perWorker(stderr: string): { initiated: number; accepted: number }[] {
  const out: { initiated: number; accepted: number }[] = [];
  for (const block of stderr.split(/^Exiting worker \d+$/m).slice(1)) {
    const initiated = Number(/(\d+) connections_initiated/.exec(block)?.[1]);
    const accepted = Number(/(\d+) connections_accepted/.exec(block)?.[1]);
    out.push({ initiated, accepted });
  }
  return out;
}

// Linux only (SO_REUSEPORT); CI runs on Linux, so no skip: a fallback there would be a bug.
describe('every worker listens on the -l port and opens connections', { timeout: 60_000 }, () => {
  it('-w2 with a listener in the process: both workers connect and both accept', async () => {
    const port = await freePort();
    const run = await runKali(
      [
        '-w2',
        '-vv',
        '-c40',
        '--connect-rate',
        '10k',
        '-T1s',
        '-m',
        'hello',
        `-l127.0.0.1:${port}`,
        `127.0.0.1:${port}`,
      ],
      { timeoutMs: 20_000 },
    );
    assert.equal(run.code, 0, explain(run));
    const workers = perWorker(run.stderr);
    assert.equal(workers.length, 2, explain(run));
    assert.deepEqual(
      workers.map((w) => w.initiated),
      [20, 20],
      explain(run),
    );
    assert.equal(workers[0].accepted + workers[1].accepted, 40, explain(run));
    // The kernel hashes each connection to one worker's socket: 40 on one side has odds of 2^-39.
    assert.ok(
      workers.every((w) => w.accepted > 0),
      explain(run),
    );
    const report = parseReport(run.stdout);
    assert.ok(report.bytesRcvd > 0 && report.bytesSent > 0, explain(run));
  });

  it('a second kali on a port another kali shares is refused, not let in to split connections', async () => {
    const port = await freePort();
    const first = startKali(['-w2', `-l127.0.0.1:${port}`, '-T20s'], { timeoutMs: 30_000 });
    try {
      await waitForListening('127.0.0.1', port, 10_000);
      const second = await runKali(['-w2', `-l127.0.0.1:${port}`, '-T1s'], { timeoutMs: 20_000 });
      assert.equal(second.code, 69, explain(second));
      assert.match(
        second.stderr,
        new RegExp(`Bind \\[127\\.0\\.0\\.1\\]:${port} is not done on thread 0: Address already in use`),
        explain(second),
      );
    } finally {
      first.child.kill('SIGINT');
      await first.done.catch(() => {});
    }
  });
});
