import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startPingServer } from '../helpers/ping-server.js';
import { linkPlugin } from '../helpers/private-plugins.js';
import { explain, lines, runKali } from '../helpers/run-kali.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/rate-metric-plugin', import.meta.url));

/**
 * `-r @Latency` judges the metric `--rate-metric` names, not only the replies' latency. The server
 * answers after 20 ms, so against a 10 ms target the replies' latency fails the first step and
 * the search goes down; the fixture's `quick` metric (0.1 ms, always) passes it and the search
 * goes up. Which way the second step goes shows which metric was judged.
 */
describe('-r @Latency with --rate-metric', { timeout: 90_000 }, () => {
  let env: Record<string, string>;
  before(async () => {
    env = await linkPlugin(FIXTURE);
  });

  async function secondStep(extra: string[]): Promise<string> {
    const server = await startPingServer({ delayMs: 20 });
    try {
      const run = await runKali(
        ['-c4', '-T4s', '-r', '@10ms', '-m', 'PING', '--quick', ...extra, `redis://127.0.0.1:${server.port}`],
        { timeoutMs: 30_000, env },
      );
      const step = lines(run.stderr)
        .concat(lines(run.stdout))
        .find((l) => l.startsWith('Attempting --message-rate '));
      assert.ok(step, `no second step\n${explain(run)}`);
      return step;
    } finally {
      await server.close();
    }
  }

  it('by default, the replies’ latency: 20 ms is over 10 ms, so the rate goes down', async () => {
    assert.equal(await secondStep([]), 'Attempting --message-rate 25 (in range 0..100)');
  });

  it('--rate-metric quick: a plugin’s metric that meets the target, so the rate goes up', async () => {
    assert.equal(
      await secondStep(['--rate-metric', 'quick']),
      'Attempting --message-rate 200 (in range 100..inf)',
    );
  });
});
