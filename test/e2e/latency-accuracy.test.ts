import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { type DelayEchoServer, startDelayEchoServer } from '../helpers/delay-echo-server.js';
import { latencyLine, percentile } from '../helpers/latency-report.js';
import { explain, type KaliRun, runKali } from '../helpers/run-kali.js';

/*
 * What "right" means: kali stamps a message just before write() and the reply when its data
 * event runs. Between the two: loopback both ways and an event-loop dispatch on each side (tens
 * of µs each), the server's deadline check (a setImmediate turn, ~10–50 µs), and the delay
 * itself. So a quiet machine measures 20.1–20.3 ms for a 20 ms server; kali's histogram adds at
 * most 16 µs (3 significant digits at 20 ms) and the report rounds to 0.1 ms. The 1 ms tolerance
 * leaves ~0.7 ms for scheduling jitter up to p99.
 *
 * --nagle=off: with Nagle's algorithm a message written while the previous one is unacknowledged
 * waits for that ACK, which the server sends with its reply 20 ms later, so a 20 ms server
 * measures ~34 ms at p50 for any client (a plain Node client shows the same). That is the
 * transport's latency, not the server's delay this test knows.
 *
 * On a shared 2-core machine another process can take the CPU for milliseconds; the server then
 * replies late and no client could measure 20 ms. The server reports its own lateness, and only
 * a run it was late in (p99 > 0.5 ms) is tried again, at most twice. A run in which the server
 * was on time and kali still off by more than 1 ms fails at once; when the server was late in
 * every attempt the test cannot judge kali and says so as a skip, not a pass.
 */
const TOLERANCE_MS = 1;
const SERVER_LATE_MS = 0.5;
const ATTEMPTS = 3;

interface Attempt {
  run: KaliRun;
  ms: number[];
  serverLateP99: number;
}

async function measure(
  t: TestContext,
  server: DelayEchoServer,
  args: string[],
  expected: number[],
): Promise<Attempt | undefined> {
  const attempts: Attempt[] = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    const lateBefore = server.lateness.length;
    const run = await runKali([...args, `127.0.0.1:${server.port}`], { timeoutMs: 15_000 });
    assert.equal(run.code, 0, explain(run));
    const line = latencyLine(run.stdout, 'Message latency');
    assert.ok(line, explain(run));
    const attempt = {
      run,
      ms: line.ms,
      serverLateP99: percentile(server.lateness.slice(lateBefore), 99),
    };
    attempts.push(attempt);
    if (!isOff(attempt, expected) || attempt.serverLateP99 <= SERVER_LATE_MS) break;
  }
  const last = attempts[attempts.length - 1];
  const history = attempts
    .map((a) => `  kali ${a.ms.join('/')} ms, server late p99 ${a.serverLateP99.toFixed(2)} ms`)
    .join('\n');
  if (isOff(last, expected) && attempts.every((a) => a.serverLateP99 > SERVER_LATE_MS)) {
    t.skip(
      `machine too busy, the server itself was late in every attempt: ${history.trim().split('\n').join('; ')}`,
    );
    return undefined;
  }
  for (const [k, v] of last.ms.entries()) {
    assert.ok(
      Math.abs(v - expected[k]) <= TOLERANCE_MS,
      `p${line(last.run)[k]} = ${v} ms, expected ${expected[k]} ± ${TOLERANCE_MS} ms\n${history}\n${explain(last.run)}`,
    );
  }
  return last;
}

const isOff = (a: Attempt, expected: number[]) =>
  a.ms.some((v, k) => Math.abs(v - expected[k]) > TOLERANCE_MS);

const line = (run: KaliRun) => latencyLine(run.stdout, 'Message latency')?.labels ?? [];

const PING = ['-em', 'PING\\n', '--latency-marker', 'PING', '--nagle=off'];

describe('latency accuracy against a server with a known delay', { timeout: 60_000 }, () => {
  let fixed: DelayEchoServer;
  let mixed: DelayEchoServer;
  before(async () => {
    fixed = await startDelayEchoServer({ delaysMs: [20] });
    // Per connection, so -c4 gets three 5 ms connections and one 50 ms: a quarter of the
    // samples at 50 ms puts p50 at 5 ms and p95, p99 at 50 ms, far from either boundary.
    mixed = await startDelayEchoServer({ delaysMs: [5, 5, 5, 50] });
  });
  after(async () => {
    await fixed.close();
    await mixed.close();
  });

  it('a 20 ms server measures 20 ms at p50, p95 and p99 (±1 ms)', async (t) => {
    const a = await measure(
      t,
      fixed,
      [...PING, '-r', '50', '-c', '4', '-T3s', '--latency-percentiles', '50,95,99'],
      [20, 20, 20],
    );
    if (a) t.diagnostic(`20 ms server: ${a.ms.join('/')} ms (50/95/99%)`);
  });

  it('a 5 ms / 50 ms mix measures 5 ms at p50 and 50 ms at p95 and p99 (±1 ms)', async (t) => {
    const a = await measure(
      t,
      mixed,
      [...PING, '-r', '50', '-c', '4', '-T3s', '--latency-percentiles', '50,95,99'],
      [5, 50, 50],
    );
    if (a) t.diagnostic(`5/50 ms server: ${a.ms.join('/')} ms (50/95/99%)`);
  });

  it('connect latency is small and first byte waits for the delayed reply', async (t) => {
    const run = await runKali(
      [
        ...PING,
        '--latency-connect',
        '--latency-first-byte',
        '-r',
        '50',
        '-c',
        '4',
        '-T1s',
        '--latency-percentiles',
        '50,100',
        `127.0.0.1:${fixed.port}`,
      ],
      { timeoutMs: 15_000 },
    );
    assert.equal(run.code, 0, explain(run));
    const connect = latencyLine(run.stdout, 'TCP connect latency');
    const firstByte = latencyLine(run.stdout, 'First byte latency');
    assert.ok(connect && firstByte, explain(run));
    for (const v of connect.ms) assert.ok(v > 0 && v < 100, `connect ${v} ms\n${explain(run)}`);
    // Nothing comes back before the first PING has waited out the server's 20 ms.
    for (const v of firstByte.ms) assert.ok(v >= 20 && v < 100, `first byte ${v} ms\n${explain(run)}`);
    t.diagnostic(`connect ${connect.ms.join('/')} ms, first byte ${firstByte.ms.join('/')} ms (50/100%)`);
  });
});
