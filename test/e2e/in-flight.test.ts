import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { counter } from '../helpers/counter-lines.js';
import { latencyLine } from '../helpers/latency-report.js';
import { startPingServer } from '../helpers/ping-server.js';
import { explain, runKali } from '../helpers/run-kali.js';

/**
 * --in-flight N: never more than N requests per connection waiting for their replies, counted by
 * the server itself, whether a protocol recognises the replies (redis://) or the built-in
 * --latency-marker does. The server answers after 2 ms, so the client always has replies to wait
 * for and fills its window: the limit is reached, not merely respected.
 */
describe('--in-flight bounds the requests waiting per connection', { timeout: 90_000 }, () => {
  for (const n of [1, 8]) {
    it(`redis:// --in-flight ${n}`, async () => {
      const server = await startPingServer({ delayMs: 2 });
      try {
        const run = await runKali(
          ['-c4', '--in-flight', String(n), '-T1s', '-m', 'PING', `redis://127.0.0.1:${server.port}`],
          { timeoutMs: 20_000 },
        );
        assert.equal(run.code, 0, explain(run));
        assert.equal(server.maxOutstanding, n, explain(run));
        const ok = counter(run.stdout, 'redis ok');
        assert.ok(
          ok > 50 && ok <= server.replies,
          `kali ok ${ok}, server replied ${server.replies}\n${explain(run)}`,
        );
        // Replies take 2 ms, so a closed loop of n per connection makes at most n / 2 ms each.
        assert.ok(
          ok <= 4 * n * 500 * 1.1,
          `${ok} replies in 1 s is more than the window allows\n${explain(run)}`,
        );
      } finally {
        await server.close();
      }
    });

    it(`--latency-marker --in-flight ${n}`, async () => {
      const server = await startPingServer({ delayMs: 2 });
      try {
        const run = await runKali(
          [
            '-c4',
            '--in-flight',
            String(n),
            '-T1s',
            '-e',
            '-m',
            'PING\\r\\n',
            '--latency-marker',
            '+PONG',
            `127.0.0.1:${server.port}`,
          ],
          { timeoutMs: 20_000 },
        );
        assert.equal(run.code, 0, explain(run));
        assert.equal(server.maxOutstanding, n, explain(run));
        assert.ok(server.replies > 50, explain(run));
        const line = latencyLine(run.stdout, 'Message latency');
        assert.ok(line, explain(run));
        // Each reply waited its 2 ms; a request waiting for a window slot is not counted twice.
        for (const v of line.ms) assert.ok(v >= 1.9 && v < 50, `${v} ms\n${explain(run)}`);
      } finally {
        await server.close();
      }
    });
  }

  it("redis:// without --in-flight is a closed loop (the protocol's defaultInFlight)", async () => {
    const server = await startPingServer({ delayMs: 2 });
    try {
      const run = await runKali(['-c4', '-T1s', '-m', 'PING', `redis://127.0.0.1:${server.port}`], {
        timeoutMs: 20_000,
      });
      assert.equal(run.code, 0, explain(run));
      assert.equal(server.maxOutstanding, 1, explain(run));
      assert.ok(counter(run.stdout, 'redis ok') > 50, explain(run));
    } finally {
      await server.close();
    }
  });
});
