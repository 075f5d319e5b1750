import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { counter } from '../helpers/counter-lines.js';
import { latencyLine } from '../helpers/latency-report.js';
import { startPingServer } from '../helpers/ping-server.js';
import { explain, runKali } from '../helpers/run-kali.js';

/**
 * `-r` with `--in-flight`: the window caps an open-loop schedule, and a request's latency counts
 * from its slot in the schedule, not from its write. The server answers after 20 ms, so one
 * connection with one request in flight serves at most 50 requests/s. Asked for 100/s, it falls
 * further behind every second; a client that timed from the write would report 20 ms and hide
 * the queue (coordinated omission), while one that times from the due slot shows it growing to
 * about a second by the end of a 2 s run.
 */
describe('-r with --in-flight: the window caps the schedule, latency counts from the due slot', {
  timeout: 90_000,
}, () => {
  const cases = [
    { name: '--latency-marker', args: ['-e', '-m', 'PING\\r\\n', '--latency-marker', '+PONG'], scheme: '' },
    { name: 'redis://', args: ['-m', 'PING'], scheme: 'redis://' },
  ];
  for (const c of cases) {
    const metric = c.scheme === '' ? 'message' : 'redis';
    const title = c.scheme === '' ? 'Message latency' : 'Redis reply latency';

    it(`${c.name}: a schedule faster than the window shows its queue`, async () => {
      const server = await startPingServer({ delayMs: 20 });
      try {
        const run = await runKali(
          ['-c1', '-r100', '--in-flight', '1', '-T2s', ...c.args, `${c.scheme}127.0.0.1:${server.port}`],
          { timeoutMs: 20_000 },
        );
        assert.equal(run.code, 0, explain(run));
        assert.equal(server.maxOutstanding, 1, explain(run));
        // The window, not the schedule, sets the pace: at most 50/s over the 2 s steady phase.
        const ok = counter(run.stdout, `${metric} ok`);
        assert.ok(ok > 20 && ok <= 2 * 50 * 1.1, `${ok} replies\n${explain(run)}`);
        const line = latencyLine(run.stdout, title);
        assert.ok(line, explain(run));
        // Timed from the write, every reply would take ~20 ms. From the due slot, the last ones
        // waited ~1 s: half the schedule is still unsent by then.
        const [p95] = line.ms;
        assert.ok(p95 > 500, `p95 ${p95} ms should show the queue\n${explain(run)}`);
      } finally {
        await server.close();
      }
    });
  }

  it('a schedule the window can keep up with measures the server alone', async () => {
    const server = await startPingServer({ delayMs: 20 });
    try {
      // 25/s is every 40 ms: each reply is back long before the next slot.
      const run = await runKali(
        ['-c1', '-r25', '--in-flight', '1', '-T2s', '-m', 'PING', `redis://127.0.0.1:${server.port}`],
        { timeoutMs: 20_000 },
      );
      assert.equal(run.code, 0, explain(run));
      const line = latencyLine(run.stdout, 'Redis reply latency');
      assert.ok(line, explain(run));
      for (const v of line.ms) assert.ok(v >= 19 && v < 100, `${v} ms\n${explain(run)}`);
    } finally {
      await server.close();
    }
  });
});
