import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { explain, lines, parseReport, runKali } from '../helpers/run-kali.js';

/** A client and its own sink on one fresh port, with `options` wherever `place` puts them. */
async function loopRun(options: string[], place: 'before' | 'after' = 'before') {
  const port = await freePort();
  const target = [`-l127.0.0.1:${port}`, `127.0.0.1:${port}`];
  const args = place === 'before' ? [...options, ...target] : [...target, ...options];
  return runKali(args, { timeoutMs: 10_000 });
}

// Each run sends nothing and lasts about a second, so they can share the two cores.
describe('run options', { concurrency: 4 }, () => {
  it('-c 0.5 truncates to no connections: no ramp-up line, still a report', { timeout: 15_000 }, async () => {
    const run = await loopRun(['-T1s', '-c', '0.5']);
    assert.equal(run.code, 0, explain(run));
    assert.doesNotMatch(run.stderr, /Ramped up/, explain(run));
    assert.equal(parseReport(run.stdout).bytesSent, 0, explain(run));
  });

  it('-T 500ms runs for half a second', { timeout: 15_000 }, async () => {
    const run = await loopRun(['-T', '500ms']);
    assert.equal(run.code, 0, explain(run));
    const { duration } = parseReport(run.stdout);
    // kali's own clock of the steady phase; the margin only absorbs a busy machine's timer lag.
    assert.ok(duration >= 0.45 && duration < 1.0, `Test duration: ${duration} s.\n${explain(run)}`);
  });

  it('--dura 1 is the unique prefix of --duration', { timeout: 15_000 }, async () => {
    const run = await loopRun(['--dura', '1']);
    assert.equal(run.code, 0, explain(run));
    const { duration } = parseReport(run.stdout);
    assert.ok(duration >= 0.95 && duration < 1.6, `Test duration: ${duration} s.\n${explain(run)}`);
  });

  it('options after the destinations still apply', { timeout: 15_000 }, async () => {
    const run = await loopRun(['-T1s', '-c2'], 'after');
    assert.equal(run.code, 0, explain(run));
    assert.ok(lines(run.stderr).includes('Ramped up to 2 connections.'), explain(run));
    const { duration } = parseReport(run.stdout);
    assert.ok(duration >= 0.95 && duration < 1.6, `Test duration: ${duration} s.\n${explain(run)}`);
  });

  it('ramps up at --connect-rate: 250 connections at 100/s fit in -T3s', {
    timeout: 20_000,
  }, async () => {
    // tcpkali ramps at the configured rate (case-56: 20 at 10/s in 2 s) and only refuses when
    // connections/rate exceeds -T; here 2.5 s of ramp-up fits in the 3 s it is allowed.
    const run = await loopRun(['-T3s', '-c', '250']);
    assert.equal(run.code, 0, explain(run));
    assert.ok(lines(run.stderr).includes('Ramped up to 250 connections.'), explain(run));
  });
});
