import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { explain, lines, runKali } from '../helpers/run-kali.js';

/** A looped-back marker run: 2 connections at 50 messages/s each, timed by message markers. */
async function markerRun(extra: string[], duration = '1s') {
  const port = await freePort();
  return runKali(
    ['-T', duration, '-c2', '-r50', '-em', 'hello\\{message.marker}', '--message-marker', ...extra].concat(
      `-l127.0.0.1:${port}`,
      `127.0.0.1:${port}`,
    ),
    { timeoutMs: 20_000 },
  );
}

const verdicts = (stdout: string) => lines(stdout).filter((l) => l.startsWith('Threshold '));

describe('--threshold', { timeout: 60_000, concurrency: 2 }, () => {
  it('prints one verdict per threshold after the report and exits 0 when all pass', async () => {
    const run = await markerRun(['--threshold', 'message.p99<10s', '--threshold', 'traffic.msgs.in>0']);
    assert.equal(run.code, 0, explain(run));
    const out = lines(run.stdout);
    const at = out.findIndex((l) => l.startsWith('Test duration:'));
    assert.ok(at >= 0, explain(run));
    assert.deepEqual(
      out.slice(at + 1).map((l) => l.replace(/= [\d.]+/, '= N')),
      [
        'Threshold passed: message.p99<10s (message.p99 = N ms)',
        'Threshold passed: traffic.msgs.in>0 (traffic.msgs.in = N)',
      ],
      explain(run),
    );
  });

  it('exits 99 when one fails, after the whole report', async () => {
    const run = await markerRun([
      '--threshold',
      'message.count>1000000',
      '--threshold',
      'connections.failed==0',
    ]);
    assert.equal(run.code, 99, explain(run));
    assert.match(run.stdout, /^Test duration: /m);
    assert.deepEqual(
      verdicts(run.stdout).map((l) => l.split(':')[0]),
      ['Threshold FAILED', 'Threshold passed'],
      explain(run),
    );
  });

  it('--threshold-abort stops the run once a growing figure is past its bound', async () => {
    const run = await markerRun(['--threshold', 'message.count<20', '--threshold-abort'], '30s');
    assert.equal(run.code, 99, explain(run));
    assert.match(
      run.stderr,
      /^Threshold message\.count<20 can no longer pass; stopping \(--threshold-abort\)$/m,
    );
    const seconds = Number(/^Test duration: ([\d.]+) s\.$/m.exec(run.stdout)?.[1]);
    // Judged once a second: far from the 30 s asked for.
    assert.ok(seconds > 0 && seconds < 10, explain(run));
  });

  it('refuses a figure the run will not have, before anything starts', async () => {
    const run = await markerRun(['--threshold', 'connect.p99<5ms']);
    assert.equal(run.code, 64, explain(run));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^--threshold=connect\.p99<5ms: the run has no metric "connect"/m);
    assert.doesNotMatch(run.stderr, /Destination:/);
  });

  it('refuses --threshold-abort without a threshold', async () => {
    const run = await markerRun(['--threshold-abort']);
    assert.equal(run.code, 64, explain(run));
    assert.match(run.stderr, /--threshold-abort needs at least one --threshold/);
  });
});

describe('--summary', { timeout: 30_000 }, () => {
  it('adds a table of every metric after the report, nothing without it', async () => {
    const run = await markerRun(['--summary', '--latency-connect']);
    assert.equal(run.code, 0, explain(run));
    const out = lines(run.stdout);
    const at = out.findIndex((l) => l.startsWith('Latency (ms)'));
    assert.ok(at > out.findIndex((l) => l.startsWith('Test duration:')), explain(run));
    assert.match(out[at], /^Latency \(ms\) +p50 +p90 +p99 +p99\.9 +max +mean +count$/);
    const rows = out.slice(at + 1, at + 3).map((l) => l.split(/ +/)[0]);
    assert.deepEqual(rows.sort(), ['connect', 'message'], explain(run));
    for (const row of out.slice(at + 1, at + 3)) assert.match(row, /^\w+( +\d+\.\d{3}){6} +\d+$/, row);
    const plain = await markerRun([]);
    assert.doesNotMatch(plain.stdout, /Latency \(ms\)/);
  });
});
