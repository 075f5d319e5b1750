import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IntervalRecord, LatencyResult, RunResult } from 'kali';
import { counter } from '../helpers/counter-lines.js';
import { freePort, waitForListening } from '../helpers/free-port.js';
import { type PingServer, startPingServer } from '../helpers/ping-server.js';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { validateResult } from '../helpers/result-schema.js';
import { errorLines, explain, type KaliRun, parseReport, runKali, startKali } from '../helpers/run-kali.js';

const dir = mkdtempSync(join(tmpdir(), 'kali-json-e2e-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** A fresh file name for each run, in the shared scratch directory. */
const nextFile = () => join(dir, `run-${++files}.json`);

/** The file's one line of JSON, checked against docs/result.schema.json. */
function documentIn(file: string, run: KaliRun): RunResult {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.endsWith('\n') && text.indexOf('\n') === text.length - 1, `not one line\n${explain(run)}`);
  const doc = JSON.parse(text) as RunResult;
  validateResult(doc);
  return doc;
}

/** Runs kali with `--json FILE` added; the document it left and the run. */
async function runWithJson(args: string[], timeoutMs = 20_000): Promise<{ run: KaliRun; doc: RunResult }> {
  const file = nextFile();
  const run = await runKali([...args, '--json', file], { timeoutMs });
  return { run, doc: documentIn(file, run) };
}

/** Intervals of the steady phase whose length is the interval asked for (not the cut-off ends). */
function fullSteadyIntervals(doc: RunResult): IntervalRecord[] {
  const length = doc.intervalSeconds ?? 0;
  return doc.intervals.filter(
    (i) => i.phase === 'steady' && Math.abs(i.end - i.start - length) < length * 0.2,
  );
}

describe('--json FILE', { concurrency: 2, timeout: 120_000 }, () => {
  it('a plain run: the complete document agrees with the text report', async () => {
    const port = await freePort();
    const args = ['-T2s', '-c2', '-m', 'hello', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`];
    const { run, doc } = await runWithJson(args);
    assert.equal(run.code, 0, explain(run));
    assert.equal(doc.status, 'complete');
    assert.equal(doc.exitStatus, 0);
    assert.deepEqual(doc.command.argv.slice(0, args.length), args);
    const text = parseReport(run.stdout);
    assert.equal(doc.traffic.bytes.out, text.bytesSent, explain(run));
    assert.equal(doc.traffic.bytes.in, text.bytesRcvd, explain(run));
    assert.ok(Math.abs(doc.time.steadySeconds - text.duration) < 1e-3, explain(run));
    const mbps = /^Aggregate bandwidth: ([\d.]+)↓, ([\d.]+)↑ Mbps$/m.exec(run.stdout);
    assert.ok(mbps, explain(run));
    assert.equal((doc.traffic.rates.bits.in / 1e6).toFixed(3), mbps[1]);
    assert.equal((doc.traffic.rates.bits.out / 1e6).toFixed(3), mbps[2]);
    // One record a second by default.
    assert.equal(doc.intervalSeconds, 1);
    assert.ok(doc.intervals.length >= 2, explain(run));
    assert.equal(doc.time.end !== null && doc.time.steadyEnd !== null, true);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('.tmp-')),
      [],
      'temporary files left behind',
    );
  });

  describe('protocols and markers', () => {
    let ping: PingServer;
    let redis: RedisServer;
    before(async () => {
      ping = await startPingServer();
      redis = await startRedisServer();
    });
    after(async () => {
      await ping?.close();
      await redis?.close();
    });

    it('a --latency-marker run: the message latency, over the run and per interval', async () => {
      const { run, doc } = await runWithJson([
        '-T2s',
        '-c2',
        '-r',
        '50',
        '-em',
        'PING\\r\\n',
        '--latency-marker',
        '+PONG',
        `127.0.0.1:${ping.port}`,
      ]);
      assert.equal(run.code, 0, explain(run));
      const message = doc.metrics.message as LatencyResult;
      assert.equal(message.kind, 'latency', explain(run));
      assert.ok(message.count > 0, explain(run));
      // The text report's 95th percentile, as printed (to 0.1 ms).
      const ms = /^Message latency at percentiles: ([\d.]+)\//m.exec(run.stdout);
      assert.ok(ms, explain(run));
      assert.ok(Math.abs(message.percentiles['95'] - Number(ms[1])) <= 0.05 + 1e-9, explain(run));
      const latencyInIntervals = doc.intervals.some((i) => {
        const m = i.metrics.message;
        return m?.kind === 'latency' && m.count > 0;
      });
      assert.ok(latencyInIntervals, explain(run));
    });

    it('a redis:// run: the protocol’s counters and request latency', async () => {
      const { run, doc } = await runWithJson([
        '-T2s',
        '-c2',
        '--in-flight',
        '1',
        '--delay-send',
        '0.5s',
        '-m',
        'PING',
        `redis://127.0.0.1:${redis.port}`,
      ]);
      assert.equal(run.code, 0, explain(run));
      const ok = doc.metrics['redis.ok'];
      assert.equal(ok?.kind, 'counter', explain(run));
      assert.equal(ok.kind === 'counter' && ok.total, counter(run.stdout, 'redis ok'), explain(run));
      assert.equal(ok.origin, 'requests');
      const latencies = Object.values(doc.metrics).filter(
        (m): m is LatencyResult => m.kind === 'latency' && m.plugin === 'redis',
      );
      assert.ok(
        latencies.some((m) => m.count > 0),
        `no redis latency with samples\n${explain(run)}`,
      );
    });
  });

  it('refused connections: a failed run still leaves a document with its exit status', async () => {
    const port = await freePort();
    const { run, doc } = await runWithJson(['-T1s', '-c2', '-m', 'hello', `127.0.0.1:${port}`]);
    assert.equal(run.code, 1, explain(run));
    assert.equal(doc.exitStatus, 1, explain(run));
    const failed = doc.connections.run.failed.total + doc.intervals.reduce((n, i) => n + i.failed, 0);
    assert.ok(failed > 0, `no failed connection counted\n${explain(run)}`);
  });

  it('a listener-only run counts what it accepted', async () => {
    const port = await freePort();
    const file = nextFile();
    const kali = startKali(['-T3s', `-l127.0.0.1:${port}`, '--json', file], { timeoutMs: 20_000 });
    await kali.waitForStderr(/^Listen on: /, 10_000);
    await waitForListening('127.0.0.1', port, 10_000);
    await new Promise<void>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      socket.end('hello');
      socket.resume();
    });
    const run = await kali.done;
    const doc = documentIn(file, run);
    const why = `${JSON.stringify({ connections: doc.connections, traffic: doc.traffic })}\n${explain(run)}`;
    assert.equal(run.code, 0, why);
    assert.equal(doc.status, 'complete');
    // Accepted maybe before the steady phase began (the listener is up first), so the whole
    // run's figures: connections under `run`, bytes in the interval records, which cover it all.
    // waitForListening's own probe connects too.
    assert.ok(doc.connections.run.opened.in >= 1, why);
    assert.equal(doc.connections.run.opened.out, 0, why);
    const received = doc.intervals.reduce((n, i) => n + i.bytes.in, 0);
    assert.ok(received >= 5, `${received} bytes in the intervals\n${why}`);
  });

  it('- writes the document alone to stdout, and the text report to stderr', async () => {
    const port = await freePort();
    // A unique prefix and --opt=value, like any of kali's own options.
    const run = await runKali(
      ['-T1s', '-c2', '-m', 'hello', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`, '--json=-', '--json-i=0.5s'],
      { timeoutMs: 20_000 },
    );
    assert.equal(run.code, 0, explain(run));
    assert.ok(run.stdout.endsWith('}\n') && run.stdout.indexOf('\n') === run.stdout.length - 1, explain(run));
    const doc = JSON.parse(run.stdout) as RunResult;
    validateResult(doc);
    assert.equal(doc.status, 'complete');
    assert.equal(doc.intervalSeconds, 0.5);
    const report = parseReport(run.stderr);
    assert.equal(doc.traffic.bytes.out, report.bytesSent, explain(run));
    assert.match(run.stderr, /^Aggregate bandwidth: /m, explain(run));
  });

  it('a run killed with SIGKILL leaves a valid partial document', async () => {
    const port = await freePort();
    const file = nextFile();
    const kali = startKali(
      [
        '-T30s',
        '-c2',
        '-r',
        '100',
        '-m',
        'hello',
        `-l127.0.0.1:${port}`,
        `127.0.0.1:${port}`,
        '--json',
        file,
        '--json-interval',
        '0.5s',
      ],
      { timeoutMs: 20_000 },
    );
    await kali.waitForStderr(/^Ramped up to 2 connections\.$/, 10_000);
    await new Promise((r) => setTimeout(r, 2500));
    kali.child.kill('SIGKILL');
    const run = await kali.done;
    assert.equal(run.signal, 'SIGKILL', explain(run));
    const doc = documentIn(file, run);
    assert.equal(doc.status, 'partial');
    assert.equal(doc.exitStatus, null);
    assert.equal(doc.time.end, null);
    assert.ok(doc.intervals.length >= 2, `${doc.intervals.length} intervals\n${explain(run)}`);
    assert.ok(doc.traffic.bytes.out > 0, explain(run));
  });

  it('interval records hold true per-interval rates', async () => {
    const port = await freePort();
    // 100 messages a second on each of 2 connections, counted by message markers.
    const { run, doc } = await runWithJson(
      [
        '-T4s',
        '-c2',
        '-r',
        '100',
        '-m',
        'x',
        '--message-marker',
        `-l127.0.0.1:${port}`,
        `127.0.0.1:${port}`,
        '--json-interval',
        '0.5s',
      ],
      30_000,
    );
    assert.equal(run.code, 0, explain(run));
    const steady = fullSteadyIntervals(doc);
    assert.ok(steady.length >= 4, `${steady.length} full steady intervals\n${explain(run)}`);
    // Leave out the first and last: the pacer starts and stops within them.
    for (const i of steady.slice(1, -1)) {
      const seconds = i.end - i.start;
      const rate = i.messages.out / seconds;
      assert.ok(rate > 120 && rate < 280, `${rate}/s over [${i.start}, ${i.end})\n${explain(run)}`);
      assert.ok(Math.abs(i.rates.messages.out - rate) < 1e-6 * rate + 1e-9, explain(run));
      assert.ok(Math.abs(i.rates.bits.out - (i.bytes.out * 8) / seconds) < 1e-6 * i.rates.bits.out + 1e-9);
    }
  });

  it('--output json without --json stops at start with exit 64', async () => {
    const port = await freePort();
    const run = await runKali(['-T1s', `127.0.0.1:${port}`, '--output', 'json'], { timeoutMs: 20_000 });
    assert.equal(run.code, 64, explain(run));
    assert.deepEqual(errorLines(run.stderr), ['--output json needs --json FILE'], explain(run));
    assert.equal(run.stdout, '', explain(run));
  });

  it('--json-interval without --json is refused before anything starts', async () => {
    const port = await freePort();
    const run = await runKali(['-T1s', `127.0.0.1:${port}`, '--json-interval', '1s'], { timeoutMs: 20_000 });
    assert.equal(run.code, 64, explain(run));
    assert.deepEqual(errorLines(run.stderr), ['--json-interval needs --json FILE'], explain(run));
    assert.doesNotMatch(run.stderr, /Destination:/, explain(run));
  });

  it('the old --json-file is gone', async () => {
    const run = await runKali(['-T1s', '127.0.0.1:1', '--json-file', 'x.json'], { timeoutMs: 20_000 });
    assert.equal(run.code, 64, explain(run));
    assert.match(run.stderr, /--json-file/, explain(run));
  });
});
