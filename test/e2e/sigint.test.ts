import assert from 'node:assert/strict';
import { it } from 'node:test';
import { freePort, waitForListening } from '../helpers/free-port.js';
import { explain, lines, parseReport, startKali } from '../helpers/run-kali.js';

it('SIGINT finishes the run with a report and exit 64 (case-39)', { timeout: 20_000 }, async () => {
  const port = await freePort();
  const kali = startKali(['-T1h', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`], { timeoutMs: 15_000 });
  await kali.waitForStderr(/^Ramped up to 1 connections\.$/, 10_000);
  const signalled = performance.now();
  kali.child.kill('SIGINT');
  const run = await kali.done;
  const stopMs = performance.now() - signalled;
  assert.equal(run.code, 64, explain(run));
  assert.ok(stopMs < 3_000, `took ${Math.round(stopMs)} ms to stop after SIGINT\n${explain(run)}`);
  assert.equal(lines(run.stderr).at(-1), 'Ctrl+C pressed, finishing up...', explain(run));
  const report = parseReport(run.stdout);
  // Only the steady phase up to the signal is reported, not the hour asked for.
  assert.ok(report.duration > 0 && report.duration < 10, explain(run));
});

it('SIGINT during a slow ramp-up stops the run just as promptly', { timeout: 20_000 }, async () => {
  const port = await freePort();
  // 100 connections at 2 per second would take 50 s to ramp up.
  const kali = startKali(
    ['-T1h', '--connect-rate', '2', '-c', '100', `-l127.0.0.1:${port}`, `127.0.0.1:${port}`],
    {
      timeoutMs: 15_000,
    },
  );
  // kali installs its SIGINT handler before its workers bind the listener, so once the port
  // accepts, the signal can no longer arrive too early and simply kill the process.
  await waitForListening('127.0.0.1', port, 10_000);
  const signalled = performance.now();
  kali.child.kill('SIGINT');
  const run = await kali.done;
  const stopMs = performance.now() - signalled;
  assert.equal(run.code, 64, explain(run));
  assert.ok(stopMs < 3_000, `took ${Math.round(stopMs)} ms to stop after SIGINT\n${explain(run)}`);
  assert.ok(lines(run.stderr).includes('Ctrl+C pressed, finishing up...'), explain(run));
  assert.doesNotMatch(run.stderr, /Ramped up/, explain(run));
});
