import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type DelayEchoServer, startDelayEchoServer } from '../helpers/delay-echo-server.js';
import { latencyLine, percentile } from '../helpers/latency-report.js';
import { explain, type KaliRun, runKali, startKali } from '../helpers/run-kali.js';

/*
 * What "right" means: the latency a client on this machine really sees. Between kali's stamp
 * (just before write()) and the reply's data event lie the server's delay and, on a 2-core
 * machine, the time each process takes to be scheduled when its data arrives — up to a
 * millisecond or two at p99, for any client. 2,400 replies a run keep p99 from resting on a
 * handful of them. So the yardstick is a minimal Node client
 * (`test/helpers/reference-latency-client.mjs`, its own process, same connections and rate)
 * run at the same time as kali against the same server: kali must be within 1 ms of it at p50
 * and p95, and never below what the server itself held the replies (which no client can beat).
 * At p99 two honest clients side by side still differ by a share of the tail, the scheduling
 * delays of a few dozen replies: on a 2-core machine running other tests, 1–3 ms either way
 * (kali 28.5, reference 25.7; kali 28.0, reference 30.4, in the same minute). So p99 is allowed
 * 1 ms plus half of the reference's own tail above the server's delay: 2 ms on a quiet machine, where a
 * systematic error in kali's timing would show at p50 and p95 first. A run disturbed by
 * something else on the machine is tried again, at most three times.
 *
 * --nagle=off: with Nagle's algorithm a message written while the previous one is unacknowledged
 * waits for that ACK, which the server sends with its reply 20 ms later, so a 20 ms server
 * measures ~34 ms at p50 for any client. That is the transport's latency, not the server's delay.
 *
 * -w1: the yardstick is one thread, and so is kali's pipeline here. With two workers, kali's main
 * thread, the server and its deadline spin share the 2 cores of the CI machine, and replies wait
 * for a core: +1–3 ms at p99 in every run, which is scheduling, not what this test measures.
 */
const TOLERANCE_MS = 1;
/** At p99 and above, the share of the reference's tail (its pN − the server's delay) allowed on top. */
const TAIL_SHARE = 0.5;
const ATTEMPTS = 3;
const REFERENCE = fileURLToPath(new URL('../helpers/reference-latency-client.mjs', import.meta.url));

interface Attempt {
  run: KaliRun;
  ms: number[];
  reference: number[];
  held: number[];
}

async function referenceClient(port: number, percentiles: number[]): Promise<number[]> {
  // 4 connections, one message every 5 ms each: the same load as kali's -c4 -r200.
  const child = spawn(process.execPath, [REFERENCE, String(port), '4', '5', '3', percentiles.join(',')]);
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await new Promise((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return JSON.parse(out) as number[];
}

/**
 * `nominal`: the server's delay at each percentile, what a perfect client would read; the part of
 * the reference's reading above it is its scheduling tail.
 */
async function measure(
  server: DelayEchoServer,
  args: string[],
  percentiles: number[],
  nominal: number[],
): Promise<Attempt> {
  const attempts: Attempt[] = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    // Side by side, not one after the other: on a machine shared with other tests, whatever
    // slows one client at the tail slows the other at the same moment.
    const heldBefore = server.held.length;
    // The reference starts once kali's steady phase does, so their 3 s overlap.
    const kali = startKali([...args, `127.0.0.1:${server.port}`], { timeoutMs: 15_000 });
    await kali.waitForStderr(/^Ramped up/, 10_000).catch(() => undefined);
    const [reference, run] = await Promise.all([referenceClient(server.port, percentiles), kali.done]);
    assert.equal(run.code, 0, explain(run));
    const line = latencyLine(run.stdout, 'Message latency');
    assert.ok(line, explain(run));
    const held = server.held.slice(heldBefore);
    const attempt = { run, ms: line.ms, reference, held: percentiles.map((p) => percentile(held, p)) };
    attempts.push(attempt);
    if (!isOff(attempt, percentiles, nominal)) break;
  }
  const last = attempts[attempts.length - 1];
  const history = attempts
    .map(
      (a) =>
        `  kali ${a.ms.join('/')} ms, reference client ${fmt(a.reference)} ms, server held ${fmt(a.held)} ms`,
    )
    .join('\n');
  for (const [k, v] of last.ms.entries()) {
    const allowed = tolerance(last, percentiles, nominal, k);
    assert.ok(
      Math.abs(v - last.reference[k]) <= allowed,
      `p${percentiles[k]} = ${v} ms, the reference client saw ${last.reference[k].toFixed(2)} ms (±${allowed.toFixed(2)})\n${history}\n${explain(last.run)}`,
    );
    // Rounding to 0.1 ms is the only way to read less than the server held.
    assert.ok(
      v >= last.held[k] - 0.1,
      `p${percentiles[k]} = ${v} ms < server held ${last.held[k]} ms\n${history}`,
    );
  }
  return last;
}

const fmt = (v: number[]) => v.map((x) => x.toFixed(2)).join('/');

function tolerance(a: Attempt, percentiles: number[], nominal: number[], k: number): number {
  if (percentiles[k] < 99) return TOLERANCE_MS;
  return TOLERANCE_MS + TAIL_SHARE * Math.max(0, a.reference[k] - nominal[k]);
}

const isOff = (a: Attempt, percentiles: number[], nominal: number[]) =>
  a.ms.some((v, k) => Math.abs(v - a.reference[k]) > tolerance(a, percentiles, nominal, k));

const PING = ['-w1', '-em', 'PING\\n', '--latency-marker', 'PING', '--nagle=off'];

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

  it('a 20 ms server: p50 and p95 within 1 ms of a minimal client, p99 within its tail', async (t) => {
    const a = await measure(
      fixed,
      [...PING, '-r', '200', '-c', '4', '-T3s', '--latency-percentiles', '50,95,99'],
      [50, 95, 99],
      [20, 20, 20],
    );
    assert.ok(a.held[0] >= 20, `the server held replies ${a.held[0]} ms, less than its 20 ms delay`);
    t.diagnostic(`20 ms server: kali ${a.ms.join('/')} ms, reference ${fmt(a.reference)} ms`);
  });

  it('a 5 ms / 50 ms mix: p50 ≈ 5 ms, p95 and p99 ≈ 50 ms, as a minimal client reads them', async (t) => {
    const a = await measure(
      mixed,
      [...PING, '-r', '200', '-c', '4', '-T3s', '--latency-percentiles', '50,95,99'],
      [50, 95, 99],
      [5, 50, 50],
    );
    assert.ok(a.held[0] >= 5 && a.held[1] >= 50, `the server held replies ${fmt(a.held)} ms`);
    t.diagnostic(`5/50 ms server: kali ${a.ms.join('/')} ms, reference ${fmt(a.reference)} ms`);
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
