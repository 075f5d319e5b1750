import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { counter } from '../helpers/counter-lines.js';
import { startPingServer } from '../helpers/ping-server.js';
import { explain, runKali } from '../helpers/run-kali.js';

/**
 * --request-timeout against a server that answers each connection's first five requests and then
 * never again: the sixth waits 200 ms, counts as a timeout, and its connection is replaced (a
 * late reply would otherwise be taken for the answer to the next request). The run still ends on
 * time, with its report.
 */
describe('--request-timeout', { timeout: 60_000 }, () => {
  const cases = [
    {
      name: 'redis://',
      args: (port: number) => ['-m', 'PING', `redis://127.0.0.1:${port}`],
      prefix: 'redis',
    },
    {
      name: '--latency-marker',
      args: (port: number) => ['-e', '-m', 'PING\\r\\n', '--latency-marker', '+PONG', `127.0.0.1:${port}`],
      prefix: 'message',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: unanswered requests time out, connections are replaced, the run ends normally`, async () => {
      const server = await startPingServer({ answerFirst: 5 });
      try {
        const run = await runKali(
          ['-c2', '--in-flight', '1', '--request-timeout', '200ms', '-T2s', ...c.args(server.port)],
          {
            timeoutMs: 20_000,
          },
        );
        assert.equal(run.code, 0, explain(run));
        assert.ok(run.elapsedMs < 8000, explain(run));
        const timeouts = counter(run.stdout, `${c.prefix} timeout`);
        // Each connection lives ~200 ms: about 2 × 2 s / 200 ms of them time out in the steady phase.
        assert.ok(timeouts >= 6 && timeouts <= 24, `${timeouts} timeouts\n${explain(run)}`);
        assert.ok(server.connections >= timeouts, `${server.connections} connections\n${explain(run)}`);
        const ok = counter(run.stdout, `${c.prefix} ok`);
        assert.ok(
          ok >= timeouts * 4 && ok <= server.replies,
          `${ok} ok, server ${server.replies}\n${explain(run)}`,
        );
      } finally {
        await server.close();
      }
    });
  }

  it('requests answered in time never count as timeouts', async () => {
    const server = await startPingServer({ delayMs: 20 });
    try {
      const run = await runKali(
        [
          '-c2',
          '--in-flight',
          '2',
          '--request-timeout',
          '200ms',
          '-T1s',
          '-m',
          'PING',
          `redis://127.0.0.1:${server.port}`,
        ],
        { timeoutMs: 20_000 },
      );
      assert.equal(run.code, 0, explain(run));
      assert.equal(counter(run.stdout, 'redis timeout'), 0, explain(run));
      assert.equal(server.connections, 2, explain(run));
      // At most ~200 replies in the second (2 connections × 2 in flight, 20 ms each); a loaded
      // CI machine delivered 99 with 40 ms latencies, so this only asks that replies kept flowing.
      assert.ok(counter(run.stdout, 'redis ok') > 50, explain(run));
    } finally {
      await server.close();
    }
  });
});
