import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { errorLines, explain, parseReport, runKali } from '../helpers/run-kali.js';

const dir = mkdtempSync(join(tmpdir(), 'kali-json-e2e-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function loopback(extra: string[]) {
  const port = await freePort();
  return runKali(
    [
      '-T1s',
      '-m',
      'hello',
      '-r',
      '50',
      '--latency-connect',
      `-l127.0.0.1:${port}`,
      `127.0.0.1:${port}`,
      ...extra,
    ],
    { timeoutMs: 20_000 },
  );
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));

describe('--json-file', { concurrency: 3 }, () => {
  it('writes the final report to a file, matching the text summary', { timeout: 30_000 }, async () => {
    const file = join(dir, 'report.json');
    const run = await loopback(['--json-file', file]);
    assert.equal(run.code, 0, explain(run));
    const text = parseReport(run.stdout);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(json.type, 'report');
    assert.equal(json.traffic.bytesSent, text.bytesSent, explain(run));
    assert.equal(json.traffic.bytesRcvd, text.bytesRcvd, explain(run));
    assert.ok(Math.abs(json.duration - text.duration) < 1e-4, explain(run));
    const mbps = /^Aggregate bandwidth: ([\d.]+)↓, ([\d.]+)↑ Mbps$/m.exec(run.stdout);
    assert.ok(mbps, explain(run));
    assert.equal((json.rates.bitsPerSecondIn / 1e6).toFixed(3), mbps[1]);
    assert.equal((json.rates.bitsPerSecondOut / 1e6).toFixed(3), mbps[2]);
    const ms = /^TCP connect latency at percentiles: ([\d.]+)\/([\d.]+)\/([\d.]+) ms/m.exec(run.stdout);
    assert.ok(ms, explain(run));
    const connect = json.latency.connect;
    assert.deepEqual(
      connect.percentiles.map((p: { label: string }) => p.label),
      ['95', '99', '99.5'],
    );
    assert.deepEqual(
      connect.percentiles.map((p: { ms: number }) => p.ms.toFixed(1)),
      [ms[1], ms[2], ms[3]],
    );
    assert.equal(connect.count, 1);
  });

  it('with - prints the JSON after the text summary, and JSON Lines every --json-interval', {
    timeout: 30_000,
  }, async () => {
    // A unique prefix and --opt=value, like any of kali's own options.
    const run = await loopback(['--json-f=-', '--json-interval', '250ms']);
    assert.equal(run.code, 0, explain(run));
    const summaryEnd = run.stdout.indexOf('Test duration:');
    assert.ok(summaryEnd >= 0 && summaryEnd < run.stdout.indexOf('{"type":"report"'), explain(run));
    const records = jsonLines(run.stdout);
    const intervals = records.filter((r) => r.type === 'interval');
    assert.ok(intervals.length >= 3, explain(run));
    assert.equal(records.at(-1).type, 'report');
    const elapsed = intervals.map((r) => r.elapsed);
    assert.deepEqual(
      elapsed,
      [...elapsed].sort((a, b) => a - b),
    );
    assert.ok(intervals.at(-1).traffic.bytesSent > 0, explain(run));
  });

  it('--output json without a file stops at start with exit 64', { timeout: 30_000 }, async () => {
    const run = await loopback(['--output', 'json']);
    assert.equal(run.code, 64, explain(run));
    assert.deepEqual(errorLines(run.stderr), ['--output json needs --json-file PATH'], explain(run));
    assert.equal(run.stdout, '', explain(run));
  });

  it('--json-interval without a file is refused before anything starts', { timeout: 30_000 }, async () => {
    const run = await loopback(['--json-interval', '1s']);
    assert.equal(run.code, 64, explain(run));
    assert.deepEqual(errorLines(run.stderr), ['--json-interval needs --json-file PATH'], explain(run));
    assert.doesNotMatch(run.stderr, /Destination:/, explain(run));
  });
});
