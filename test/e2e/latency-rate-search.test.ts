import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { startDelayEchoServer } from '../helpers/delay-echo-server.js';
import { percentile } from '../helpers/latency-report.js';
import { explain, type KaliRun, lines, runKali } from '../helpers/run-kali.js';

const SEARCH = ['-em', 'PING\\n', '--latency-marker', 'PING', '-r', '@20ms', '-c', '10', '-T60s'];

/**
 * The server answers in 1 ms while at most 1900 lines a second arrive, and 100 ms later above
 * that. 10 connections at r messages a second each send 10·r, so p95 stays near 1 ms up to
 * r = 190 and jumps past the 20 ms target above it: the right answer is 190 per connection.
 * 190 also sits between the search's probes with room on both sides: 200 (5 % over) fails,
 * 150 and 175 (8 % under) pass, so the result is 175…190 whatever happens at the edge.
 */
const CAPACITY = 190;

/**
 * A server late by more than this at p99 was starved of CPU by something else on the machine;
 * so was kali, whose pacer then catches up in bursts that the server counts as overload. One
 * such burst during the 150 or 175 step halves the bracket the wrong way, so a miss gets one more
 * run; a second miss fails, unless the server was late in both runs (skipped: inconclusive).
 */
const BUSY_LATE_MS = 2;

async function search(t: TestContext, overload: 'slow' | 'queue') {
  const tries: { run: KaliRun; rate: number; late: number }[] = [];
  for (let i = 0; i < 2; i++) {
    const server = await startDelayEchoServer({
      delaysMs: [1],
      capacityPerSecond: CAPACITY * 10,
      overload,
      overloadPenaltyMs: 100,
    });
    try {
      const run = await runKali([...SEARCH, `127.0.0.1:${server.port}`], { timeoutMs: 45_000 });
      assert.equal(run.code, 0, explain(run));
      const best = /^Best --message-rate for latency 20ms⁹⁵ᵖ is (\d+)$/m.exec(run.stdout);
      assert.ok(best, explain(run));
      const attempts = lines(run.stderr).filter((l) => l.startsWith('Attempting --message-rate '));
      assert.ok(attempts.length >= 3, explain(run));
      assert.ok(run.elapsedMs < 30_000, `took ${Math.round(run.elapsedMs)} ms\n${explain(run)}`);
      tries.push({ run, rate: Number(best[1]), late: percentile(server.lateness, 99) });
    } finally {
      await server.close();
    }
    const last = tries[tries.length - 1];
    if (isClose(last.rate)) break;
  }
  const last = tries[tries.length - 1];
  const history = tries.map((x) => `best ${x.rate}, server late p99 ${x.late.toFixed(2)} ms`).join('; ');
  if (!isClose(last.rate) && tries.every((x) => x.late > BUSY_LATE_MS)) {
    t.skip(`machine too busy, the server itself was late in every run: ${history}`);
    return undefined;
  }
  assert.ok(isClose(last.rate), `capacity ${CAPACITY}: ${history}\n${explain(last.run)}`);
  return last;
}

const isClose = (rate: number) => Math.abs(rate - CAPACITY) <= CAPACITY * 0.1;

describe('-r @20ms rate search end to end', { timeout: 100_000 }, () => {
  it('finds the capacity of a server that slows down when overloaded, within 10 %, in < 30 s', async (t) => {
    const found = await search(t, 'slow');
    if (found) {
      const took = (found.run.elapsedMs / 1000).toFixed(1);
      t.diagnostic(`best ${found.rate} for capacity ${CAPACITY} in ${took} s`);
    }
  });

  it('finds the capacity of a server that queues what it cannot serve, within 10 %', {}, async (t) => {
    await search(t, 'queue');
  });
});
