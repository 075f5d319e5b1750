import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { errorLines, explain, hasStackTrace, lines, parseReport, runKali } from '../helpers/run-kali.js';

const opened = (stderr: string) => lines(stderr).filter((l) => / opened as \d+$/.test(l));

describe('connection shaping', { timeout: 30_000, concurrency: 2 }, () => {
  it('--channel-lifetime 0.5 replaces connections as they expire', async () => {
    const port = await freePort();
    const run = await runKali(
      [
        '--channel-lifetime',
        '0.5',
        '-c2',
        '-T2s',
        '-vv',
        '-r',
        '10',
        '-m',
        'a',
        '--connect-rate',
        '10k',
      ].concat(`-l127.0.0.1:${port}`, `127.0.0.1:${port}`),
      { timeoutMs: 10_000 },
    );
    assert.equal(run.code, 0, explain(run));
    // Two at ramp-up, then two more every half second for two seconds.
    assert.ok(
      opened(run.stderr).length > 2,
      `only ${opened(run.stderr).length} connections opened\n${explain(run)}`,
    );
    for (const l of opened(run.stderr)) {
      assert.match(l, /^Connection \[127\.0\.0\.1\]:\d+ -> \[127\.0\.0\.1\]:\d+ opened as \d+$/);
    }
  });

  it('waits longer than a Node timer can hold (--channel-lifetime 0.5y, --delay-send 1y, -T)', async () => {
    // Node warns and fires after 1 ms for delays past 2^31-1 ms; kali re-arms instead.
    const port = await freePort();
    const run = await runKali(
      ['--channel-lifetime', '0.5y', '--delay-send', '1y', '-c2', '-m', 'a', '-T0.5s', '-vv'].concat(
        `-l127.0.0.1:${port}`,
        `127.0.0.1:${port}`,
      ),
      { timeoutMs: 10_000 },
    );
    assert.equal(run.code, 0, explain(run));
    assert.doesNotMatch(run.stderr, /TimeoutOverflowWarning/, explain(run));
    assert.equal(opened(run.stderr).length, 2, `connections were replaced\n${explain(run)}`);
    assert.match(run.stdout, /^Total data sent: +0 bytes/m, explain(run));
  });

  it('-vv names every refused connect', async () => {
    const port = await freePort();
    const run = await runKali(['-vv', '-T1s', `127.0.0.1:${port}`], { timeoutMs: 10_000 });
    assert.equal(run.code, 1, explain(run));
    assert.ok(lines(run.stderr).includes(`Closing [127.0.0.1]:${port}: Connection refused`), explain(run));
    assert.ok(
      lines(run.stderr).includes('Could not create 1 connection in allotted time (1s)'),
      explain(run),
    );
  });

  it('-v0 summarises failed connects when the run completes', async () => {
    const live = await freePort();
    const dead = await freePort();
    const run = await runKali(
      ['-c4', '-T1s', '-r', '10', '-m', 'a', '--connect-rate', '10k', `-l127.0.0.1:${live}`].concat(
        `127.0.0.1:${dead}`,
        `127.0.0.1:${live}`,
      ),
      { timeoutMs: 10_000 },
    );
    assert.equal(run.code, 0, explain(run));
    assert.match(
      run.stderr,
      /^Connection attempts that failed: [1-9]\d* \(0 timed out(, last: [^)]*)?\); -v shows each$/m,
      explain(run),
    );
    assert.doesNotMatch(run.stderr, /^Closing /m, explain(run));
    parseReport(run.stdout);
  });

  it('-v0 summarises failed connects against a refused port', {}, async () => {
    const port = await freePort();
    const run = await runKali(['-T1s', `127.0.0.1:${port}`], { timeoutMs: 10_000 });
    assert.equal(run.code, 1, explain(run));
    assert.match(
      run.stderr,
      /^Connection attempts that failed: [1-9]\d* \(0 timed out(, last: [^)]*)?\); -v shows each$/m,
      explain(run),
    );
  });

  it('--source-ip 127.0.0.1 binds outgoing connections to it', async () => {
    const port = await freePort();
    const run = await runKali(
      ['--source-ip', '127.0.0.1', '-T1s', '-r', '10', '-m', 'a', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`],
      { timeoutMs: 10_000 },
    );
    assert.equal(run.code, 0, explain(run));
    assert.ok(lines(run.stderr).includes('Source IP: [127.0.0.1]:0'), explain(run));
    // An explicit source replaces interface discovery (behavior §9).
    assert.doesNotMatch(run.stderr, /^Interface lo address/m, explain(run));
    assert.ok(parseReport(run.stdout).bytesSent > 0, explain(run));
  });

  it('--source-ip 10.9.9.9 is refused as not local (exit 64), before any connect', async () => {
    const port = await freePort();
    const run = await runKali(['--source-ip', '10.9.9.9', '-T1s', `127.0.0.1:${port}`], {
      timeoutMs: 10_000,
    });
    assert.equal(run.code, 64, explain(run));
    assert.deepEqual(
      errorLines(run.stderr),
      [
        '[10.9.9.9]:0 is not local: Cannot assign requested address',
        '--source-ip=10.9.9.9: local IP address expected',
      ],
      explain(run),
    );
    assert.equal(run.stdout, '', explain(run));
    assert.ok(!hasStackTrace(run.stderr), explain(run));
  });
});
