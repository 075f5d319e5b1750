import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatFixed } from '../../plugins/output-console/src/c-number.js';
import { addEncoded, newHistogram } from '../../src/engine/histogram.js';
import { histogramView } from '../../src/engine/histogram-view.js';
import type { LatencyResult, RunResult } from '../../src/interfaces/result.js';
import { type DelayEchoServer, startDelayEchoServer } from '../helpers/delay-echo-server.js';
import { latencyLine } from '../helpers/latency-report.js';
import { validateResult } from '../helpers/result-schema.js';
import { explain, lines, parseReport, runKali } from '../helpers/run-kali.js';

/**
 * Three runs side by side against one echo server, each writing its result, then merged and
 * compared by the real binary: what `kali merge` adds must equal what the runs measured, to the
 * byte and to the histogram bucket.
 */
describe('kali merge and kali compare end to end', { timeout: 90_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kali-merge-'));
  const files = ['a.json', 'b.json', 'c.json'].map((f) => join(dir, f));
  let server: DelayEchoServer;
  let runs: RunResult[];

  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as RunResult;

  before(async () => {
    server = await startDelayEchoServer({ delaysMs: [1] });
    const load = (file: string) =>
      runKali(
        [
          '-T1s',
          '-c2',
          '-r50',
          '-em',
          'PING\\n',
          '--latency-marker',
          'PING',
          '--nagle=off',
          `127.0.0.1:${server.port}`,
          '--json',
          file,
        ],
        { timeoutMs: 30_000 },
      );
    const done = await Promise.all(files.map(load));
    for (const run of done) assert.equal(run.code, 0, explain(run));
    runs = files.map(read);
  });

  after(async () => {
    await server?.close();
  });

  it('merge adds counts exactly and its percentiles are those of the added histograms', async () => {
    const out = join(dir, 'merged.json');
    const run = await runKali(['merge', ...files, '--json', out], { timeoutMs: 20_000 });
    assert.equal(run.code, 0, explain(run));
    const merged = read(out);
    validateResult(merged);
    assert.equal(merged.status, 'merged');
    assert.equal(merged.mergedFrom, 3);
    const sum = (f: (r: RunResult) => number) => runs.reduce((s, r) => s + f(r), 0);
    assert.equal(
      merged.traffic.bytes.out,
      sum((r) => r.traffic.bytes.out),
    );
    assert.equal(
      merged.traffic.bytes.in,
      sum((r) => r.traffic.bytes.in),
    );
    assert.equal(
      merged.connections.opened.out,
      sum((r) => r.connections.opened.out),
    );
    assert.equal(merged.time.steadySeconds, Math.max(...runs.map((r) => r.time.steadySeconds)));

    const message = merged.metrics.message as LatencyResult;
    assert.equal(message.kind, 'latency');
    assert.ok(message.count > 0, explain(run));
    const added = newHistogram();
    for (const r of runs) addEncoded(added, (r.metrics.message as LatencyResult).histogram);
    const expected = histogramView(added);
    assert.equal(message.count, expected.count);
    assert.equal(
      message.count,
      sum((r) => (r.metrics.message as LatencyResult).count),
    );
    assert.equal(message.max, expected.maxUs / 1000);
    for (const [label, ms] of Object.entries(message.percentiles))
      assert.equal(ms, expected.percentile(Number(label)) / 1000, `p${label}`);
    for (const [name, m] of Object.entries(merged.metrics)) {
      if (m.kind === 'counter')
        assert.equal(
          m.total,
          sum((r) => (r.metrics[name] as { total: number }).total),
          name,
        );
    }

    // tcpkali's report of the merged run, from the console output plugin.
    const report = parseReport(run.stdout);
    assert.equal(report.bytesSent, merged.traffic.bytes.out);
    assert.equal(report.bytesRcvd, merged.traffic.bytes.in);
    assert.equal(report.duration, Number(merged.time.steadySeconds.toPrecision(6)));
    const printed = lines(run.stdout);
    assert.match(printed[0], /^Total data sent: /, explain(run));
    assert.match(printed.at(-1) ?? '', /^Test duration: /, explain(run));
    const latency = latencyLine(run.stdout, 'Message latency');
    assert.ok(latency, explain(run));
    assert.deepEqual(latency.labels, ['95', '99', '99.5']);
    assert.deepEqual(
      latency.ms.map((v) => formatFixed(v, 1)),
      [95, 99, 99.5].map((p) => formatFixed(expected.percentile(p) / 1000, 1)),
      explain(run),
    );
  });

  it('merge --json - writes the document on stdout and the report on stderr', async () => {
    const run = await runKali(['merge', files[0], files[1], '--json', '-'], { timeoutMs: 20_000 });
    assert.equal(run.code, 0, explain(run));
    const merged = JSON.parse(run.stdout) as RunResult;
    assert.equal(merged.mergedFrom, 2);
    assert.match(run.stderr, /^Total data sent: /m, explain(run));
  });

  it('compare of a result with itself: every change 0%, exit 0', async () => {
    const run = await runKali(['compare', files[0], files[0], '--tolerance', '0%'], { timeoutMs: 20_000 });
    assert.equal(run.code, 0, explain(run));
    const table = lines(run.stdout).filter((l) => /^[a-z]/.test(l) && !l.startsWith('FIGURE'));
    assert.ok(
      table.some((l) => l.startsWith('message.p99 ')),
      explain(run),
    );
    for (const row of table) assert.match(row, / (0\.0%|—)$/, explain(run));
  });

  it('a figure worse than its tolerance exits 1 and is listed', async () => {
    // Against three runs' worth of traffic, one run's rates are about a third: far lower.
    const merged = join(dir, 'merged-for-compare.json');
    const m = await runKali(['merge', ...files, '--json', merged], { timeoutMs: 20_000 });
    assert.equal(m.code, 0, explain(m));
    const run = await runKali(['compare', merged, files[0], '--tolerance', '10%'], { timeoutMs: 20_000 });
    assert.equal(run.code, 1, explain(run));
    assert.match(run.stdout, /^Worse than tolerated/m, explain(run));
    assert.match(run.stdout, /^ {2}traffic\.bits\.out\.rate: .*tolerance 10%\)$/m, explain(run));
  });

  it('bad input: one line, no stack trace, the right status', async () => {
    const missing = await runKali(['merge', join(dir, 'none.json')], { timeoutMs: 20_000 });
    assert.equal(missing.code, 65, explain(missing));
    assert.deepEqual(lines(missing.stderr), [`${join(dir, 'none.json')}: No such file or directory`]);
    const tolerance = await runKali(['compare', files[0], files[1], '--tolerance', 'lots'], {
      timeoutMs: 20_000,
    });
    assert.equal(tolerance.code, 64, explain(tolerance));
    assert.equal(lines(tolerance.stderr).length, 1, explain(tolerance));
    assert.match(tolerance.stderr, /^--tolerance=lots: /, explain(tolerance));
  });
});
