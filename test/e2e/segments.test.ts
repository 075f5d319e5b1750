import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addEncoded, newHistogram } from '../../src/engine/histogram.js';
import { histogramView } from '../../src/engine/histogram-view.js';
import type { LatencyResult, RunResult } from '../../src/interfaces/result.js';
import { type FirstLineServer, startFirstLineServer } from '../helpers/first-line-server.js';
import { validateResult } from '../helpers/result-schema.js';
import { explain, type KaliRun, lines, runKali, startKali } from '../helpers/run-kali.js';

/** Connections of the whole load: divides by none of 2, 3 and 4, so the remainders are spread. */
const C = 11;

/** Each connection sends its uid once, then idles: the bytes sent are known exactly. */
const load = (port: number) => [
  '-T1s',
  `-c${C}`,
  '--latency-connect',
  '-e',
  '-1',
  '\\{connection.uid}\\n',
  `127.0.0.1:${port}`,
];

/** Bytes a load sends in all: the uids 1…C, each with its newline. */
const UID_BYTES = Array.from({ length: C }, (_, i) => String(i + 1).length + 1).reduce((a, b) => a + b, 0);

/**
 * Far enough ahead for N processes to start on two busy cores (a moment already past is refused),
 * as Unix seconds with a fraction.
 */
const startAt = (processes: number) => ((Date.now() + 3000 + 800 * processes) / 1000).toFixed(3);

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as RunResult;
const connectLatency = (r: RunResult) => r.metrics.connect as LatencyResult;

describe('--segment K/N and --start-at, N processes against one server', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kali-segments-'));
  let whole: RunResult;

  before(async () => {
    const server = await startFirstLineServer();
    const file = join(dir, 'whole.json');
    const run = await runKali([...load(server.port), '--json', file], { timeoutMs: 30_000 });
    await server.close();
    assert.equal(run.code, 0, explain(run));
    whole = read(file);
  });

  for (const n of [2, 3, 4]) {
    it(`N = ${n}: the server sees ${C} connections with uids 1…${C} once each; merge adds up to the whole load`, async () => {
      const server = await startFirstLineServer();
      let runs: KaliRun[];
      const at = startAt(n);
      const files = Array.from({ length: n }, (_, k) => join(dir, `n${n}-${k + 1}.json`));
      try {
        runs = await Promise.all(
          files.map((file, k) =>
            runKali([...load(server.port), '--segment', `${k + 1}/${n}`, '--start-at', at, '--json', file], {
              timeoutMs: 40_000,
            }),
          ),
        );
      } finally {
        await server.close();
      }
      for (const run of runs) assert.equal(run.code, 0, explain(run));
      const all = runs.map(explain).join('\n');

      assert.equal(server.accepted, C, all);
      const uids = server.firstLines.map(Number).sort((a, b) => a - b);
      assert.deepEqual(
        uids,
        Array.from({ length: C }, (_, i) => i + 1),
        all,
      );

      const results = files.map(read);
      const atMs = Number(at) * 1000;
      results.forEach((r, k) => {
        validateResult(r);
        assert.deepEqual(r.segment, { index: k + 1, count: n });
        assert.equal(r.config.connections, Math.floor(C / n) + (k < C % n ? 1 : 0));
        // Ramp-up began at --start-at, not before (the clock's millisecond rounding aside).
        assert.ok(Date.parse(r.time.start) >= atMs - 1, `${r.time.start} before ${at}\n${all}`);
        assert.ok(Date.parse(r.time.start) - atMs < 1000, `${r.time.start} long after ${at}\n${all}`);
      });
      const steady = results.map((r) => Date.parse(r.time.steadyStart ?? ''));
      assert.ok(Math.max(...steady) - Math.min(...steady) < 1000, `steady phases apart: ${steady}\n${all}`);

      const merged = join(dir, `n${n}-merged.json`);
      const m = await runKali(['merge', ...files, '--json', merged], { timeoutMs: 20_000 });
      assert.equal(m.code, 0, explain(m));
      assert.doesNotMatch(m.stderr, /WARNING/, explain(m));
      const sum = read(merged);
      validateResult(sum);
      assert.equal(sum.mergedFrom, n);
      assert.equal(sum.segment, undefined);
      // The totals of one process running the whole load: every connection and every byte.
      assert.equal(sum.connections.run.opened.out, C);
      assert.equal(sum.connections.run.opened.out, whole.connections.run.opened.out);
      assert.equal(sum.traffic.bytes.out, UID_BYTES);
      assert.equal(sum.traffic.bytes.out, whole.traffic.bytes.out);
      assert.deepEqual(sum.connections.openAtEnd, whole.connections.openAtEnd);
      // Its histogram holds every segment's samples: exactly one connect latency per connection.
      const added = newHistogram();
      for (const r of results) addEncoded(added, connectLatency(r).histogram);
      const expected = histogramView(added);
      assert.equal(connectLatency(sum).count, C);
      assert.equal(connectLatency(sum).count, expected.count);
      assert.equal(connectLatency(whole).count, C);
      for (const [label, ms] of Object.entries(connectLatency(sum).percentiles))
        assert.equal(ms, expected.percentile(Number(label)) / 1000, `p${label}`);
      assert.equal(connectLatency(sum).max, expected.maxUs / 1000);
    });
  }

  it('with --channel-lifetime, replacement connections never reuse a uid across segments', async () => {
    const server = await startFirstLineServer();
    const at = startAt(2);
    let runs: KaliRun[];
    try {
      runs = await Promise.all(
        [1, 2].map((k) =>
          runKali(
            [
              '-T1.5s',
              '-c4',
              '--channel-lifetime=0.3s',
              '-e',
              '-1',
              '\\{connection.uid}\\n',
              `127.0.0.1:${server.port}`,
              '--segment',
              `${k}/2`,
              '--start-at',
              at,
            ],
            { timeoutMs: 40_000 },
          ),
        ),
      );
    } finally {
      await server.close();
    }
    for (const run of runs) assert.equal(run.code, 0, explain(run));
    const uids = server.firstLines.map(Number);
    const all = `${uids}\n${runs.map(explain).join('\n')}`;
    assert.ok(uids.length > 8, `expected connections to be replaced: ${all}`);
    assert.equal(new Set(uids).size, uids.length, `a uid seen twice: ${all}`);
    for (const uid of [1, 2, 3, 4]) assert.ok(uids.includes(uid), `uid ${uid} missing: ${all}`);
    // The first connections of both segments were 1…4; their replacements are numbered above.
    assert.ok(uids.filter((u) => u > 4).length === uids.length - 4, all);
  });
});

describe('--segment auto/N reads JOB_COMPLETION_INDEX', { timeout: 60_000 }, () => {
  let server: FirstLineServer;
  before(async () => {
    server = await startFirstLineServer();
  });
  after(async () => {
    await server?.close();
  });

  it('set: the index counts from 0, the segment from 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kali-auto-'));
    const file = join(dir, 'r.json');
    const run = await runKali(
      ['-T0.2s', '-c5', `127.0.0.1:${server.port}`, '--segment', 'auto/2', '--json', file],
      { timeoutMs: 20_000, env: { JOB_COMPLETION_INDEX: '1' } },
    );
    assert.equal(run.code, 0, explain(run));
    const r = read(file);
    assert.deepEqual(r.segment, { index: 2, count: 2 });
    assert.equal(r.config.connections, 2);
  });

  it('unset or out of range: one line naming the option and the variable, exit 64', async () => {
    const env = { ...process.env };
    delete env.JOB_COMPLETION_INDEX;
    for (const [value, message] of [
      [
        undefined,
        '--segment=auto/2: JOB_COMPLETION_INDEX is not set (Kubernetes sets it in the pods of an Indexed Job); elsewhere give --segment K/2',
      ],
      ['2', '--segment=auto/2: JOB_COMPLETION_INDEX=2 is not an index from 0 to 1'],
    ] as const) {
      const run = await runKali([`127.0.0.1:${server.port}`, '--segment', 'auto/2'], {
        timeoutMs: 20_000,
        env: value === undefined ? { JOB_COMPLETION_INDEX: '' } : { JOB_COMPLETION_INDEX: value },
      });
      assert.equal(run.code, 64, explain(run));
      assert.deepEqual(lines(run.stderr), [message], explain(run));
      assert.equal(run.stdout, '', explain(run));
    }
  });
});

describe('bad --segment and --start-at values', { timeout: 60_000 }, () => {
  it('are refused in one line, exit 64, before anything runs', async () => {
    const cases: [string[], RegExp][] = [
      [['--segment', '0/2'], /^--segment=0\/2: K must be from 1 to N \(2\)$/],
      [['--segment', '3/2'], /^--segment=3\/2: K must be from 1 to N \(2\)$/],
      [['--segment', 'x'], /^--segment=x: Expected K\/N/],
      [['--segment', '1/0'], /^--segment=1\/0: Expected K\/N/],
      [
        ['--start-at', '2001-01-01T00:00:00Z'],
        /^--start-at=2001-01-01T00:00:00Z: that moment has passed \(it is now /,
      ],
      [
        ['--start-at', String(Math.floor(Date.now() / 1000) + 2 * 86400)],
        /: more than a day ahead \(it is now /,
      ],
      [['--start-at', 'soon'], /^--start-at=soon: Expected an RFC 3339 time/],
    ];
    await Promise.all(
      cases.map(async ([args, message]) => {
        const run = await runKali([...args, '127.0.0.1:9'], { timeoutMs: 20_000 });
        assert.equal(run.code, 64, explain(run));
        assert.equal(lines(run.stderr).length, 1, explain(run));
        assert.match(lines(run.stderr)[0], message, explain(run));
      }),
    );
  });
});

describe('a signal while waiting for --start-at', { timeout: 30_000 }, () => {
  it('ends the run at once with the report of nothing, exit 64, and no connection opened', async () => {
    const server = await startFirstLineServer();
    try {
      const at = ((Date.now() + 20_000) / 1000).toFixed(3);
      const kali = startKali(['-c2', '-T1s', `127.0.0.1:${server.port}`, '--start-at', at], {
        timeoutMs: 20_000,
      });
      await kali.waitForStderr(/^Starting at .* \(--start-at\)$/, 15_000);
      const signalled = performance.now();
      kali.child.kill('SIGINT');
      const run = await kali.done;
      assert.equal(run.code, 64, explain(run));
      assert.ok(performance.now() - signalled < 5000, explain(run));
      assert.equal(server.accepted, 0, explain(run));
    } finally {
      await server.close();
    }
  });
});
