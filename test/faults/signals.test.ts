import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, waitForListening } from '../helpers/free-port.js';
import { linkPlugin } from '../helpers/private-plugins.js';
import { validateResult } from '../helpers/result-schema.js';
import { explain, type KaliRun, lines, parseReport, startKali } from '../helpers/run-kali.js';

const FAULT_PLUGIN = fileURLToPath(new URL('./fixtures/fault-plugin', import.meta.url));

/** A result document written by `--json FILE`. */
function jsonResult(): { args: string[]; read(): { status: string; exitStatus: number | null } } {
  const file = join(mkdtempSync(join(tmpdir(), 'kali-signals-')), 'result.json');
  return {
    args: ['--json', file],
    read: () => JSON.parse(readFileSync(file, 'utf8')),
  };
}

function assertInterrupted(run: KaliRun, signal: string, result: ReturnType<typeof jsonResult>): void {
  assert.equal(run.code, 64, explain(run));
  const line =
    signal === 'SIGINT' ? 'Ctrl+C pressed, finishing up...' : `${signal} received, finishing up...`;
  assert.ok(lines(run.stderr).includes(line), explain(run));
  parseReport(run.stdout);
  // Complete, not the partial document written during the run, and saying how the run ended.
  const doc = result.read();
  validateResult(doc);
  assert.equal(doc.status, 'complete', explain(run));
  assert.equal(doc.exitStatus, 64, explain(run));
}

describe('signals end a run with a report in every phase', { timeout: 120_000 }, () => {
  let env: Record<string, string>;
  before(async () => {
    env = await linkPlugin(FAULT_PLUGIN);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} while the steady phase runs`, { timeout: 20_000 }, async () => {
      const port = await freePort();
      const result = jsonResult();
      const kali = startKali(
        ['-T1h', '-c2', '-m', 'x', ...result.args, `-l127.0.0.1:${port}`, `127.0.0.1:${port}`],
        {
          timeoutMs: 15_000,
        },
      );
      await kali.waitForStderr(/^Ramped up to 2 connections\.$/, 10_000);
      // Well into the steady phase: a signal a few ms after it began left a window in which the
      // sender's first big write had not completed, and 0 bytes sent was a fair count of it.
      await new Promise((r) => setTimeout(r, 300));
      kali.child.kill(signal);
      const run = await kali.done;
      assertInterrupted(run, signal, result);
      assert.ok(parseReport(run.stdout).bytesSent > 0, explain(run));
    });
  }

  it('SIGTERM during a slow ramp-up', { timeout: 20_000 }, async () => {
    const port = await freePort();
    const result = jsonResult();
    const kali = startKali(
      ['-T1h', '--connect-rate', '2', '-c100', ...result.args, `-l127.0.0.1:${port}`, `127.0.0.1:${port}`],
      { timeoutMs: 15_000 },
    );
    await waitForListening('127.0.0.1', port, 10_000);
    kali.child.kill('SIGTERM');
    const run = await kali.done;
    assertInterrupted(run, 'SIGTERM', result);
    assert.doesNotMatch(run.stderr, /Ramped up/, explain(run));
  });

  it('SIGTERM before the workers start (an output still being created)', { timeout: 20_000 }, async () => {
    const port = await freePort();
    const result = jsonResult();
    const kali = startKali(
      [
        '-T1h',
        ...result.args,
        '--ofault-hook',
        'none',
        '--ofault-create-delay-ms',
        '1500',
        `-l127.0.0.1:${port}`,
        `127.0.0.1:${port}`,
      ],
      { timeoutMs: 15_000, env },
    );
    // Start-up lines are out, the slow output is being created: no worker exists yet.
    await kali.waitForStderr(/^Listen on: /, 10_000);
    kali.child.kill('SIGTERM');
    const run = await kali.done;
    assertInterrupted(run, 'SIGTERM', result);
    assert.equal(parseReport(run.stdout).bytesSent, 0, explain(run));
  });

  it('a signal while outputs close lets them finish; a second one exits at once', {
    timeout: 20_000,
  }, async () => {
    const port = await freePort();
    const args = [
      '-T0.5s',
      '--ofault-hook',
      'none',
      '--ofault-close-delay-ms',
      '4000',
      `-l127.0.0.1:${port}`,
      `127.0.0.1:${port}`,
    ];
    const kali = startKali(args, { timeoutMs: 15_000, env });
    // The report is printed before the outputs close.
    await new Promise<void>((resolve) => {
      let out = '';
      kali.child.stdout?.on('data', (d: string) => {
        out += d;
        if (/^Test duration/m.test(out)) resolve();
      });
    });
    const signalled = performance.now();
    kali.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 700));
    kali.child.kill('SIGTERM');
    const run = await kali.done;
    const ms = performance.now() - signalled;
    assert.equal(run.code, 64, explain(run));
    assert.ok(ms < 3_000, `took ${Math.round(ms)} ms after two signals\n${explain(run)}`);
    parseReport(run.stdout);
  });
});
