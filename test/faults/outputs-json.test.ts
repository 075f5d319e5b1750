import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { errorLines, explain, hasStackTrace, type KaliRun, runKali, startKali } from '../helpers/run-kali.js';

/**
 * The JSON output when its file fails: a full device during the run, a path that cannot be
 * created, and a run ended by a signal, which must still leave a whole file behind.
 */

const dir = mkdtempSync(join(tmpdir(), 'kali-faults-json-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FULL = 'json output: cannot write /dev/full: No space left on device';
const noDevFull = !existsSync('/dev/full') && 'no /dev/full on this system';

async function loopback(extra: string[], duration = '-T1s'): Promise<KaliRun> {
  const port = await freePort();
  return runKali(
    [duration, '-c1', '-m', 'x', '-r', '20', ...extra, `-l127.0.0.1:${port}`, `127.0.0.1:${port}`],
    {
      timeoutMs: 20_000,
    },
  );
}

function assertFailedAfterReport(run: KaliRun, line: string): void {
  assert.equal(run.code, 1, explain(run));
  assert.deepEqual(errorLines(run.stderr), [line], explain(run));
  assert.match(run.stdout, /^Test duration: \S+ s\.$/m, explain(run));
  assert.ok(!hasStackTrace(run.stderr), explain(run));
}

const jsonLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));

describe('JSON output faults', { concurrency: 2 }, () => {
  it('to /dev/full: the report is printed, then one line naming the file, exit 1', {
    timeout: 30_000,
    skip: noDevFull,
  }, async () => {
    const run = await loopback(['--json-file', '/dev/full']);
    assertFailedAfterReport(run, FULL);
  });

  it('to /dev/full with interval records: the run goes on and the line comes once', {
    timeout: 30_000,
    skip: noDevFull,
  }, async () => {
    const run = await loopback(['--json-file', '/dev/full', '--json-interval', '100ms']);
    assertFailedAfterReport(run, FULL);
    assert.ok(run.elapsedMs > 900, `ended early: ${explain(run)}`);
  });

  for (const [what, file, reason] of [
    ['a missing directory', '/nonexistent/dir/x.json', 'No such file or directory'],
    ['a directory', dir, 'Is a directory'],
  ] as const) {
    it(`to ${what}: stops before the run with one line, exit 64`, { timeout: 30_000 }, async () => {
      // A run that started would take 10 s; failing first takes well under that.
      const run = await loopback(['--json-file', file], '-T10s');
      assert.equal(run.code, 64, explain(run));
      assert.deepEqual(
        errorLines(run.stderr),
        [`json output: cannot write ${file}: ${reason}`],
        explain(run),
      );
      assert.equal(run.stdout, '', explain(run));
      assert.doesNotMatch(run.stderr, /Ramped up/, explain(run));
      assert.ok(run.elapsedMs < 8000, explain(run));
    });
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`a run ended by ${signal} leaves whole JSON Lines ending with the report`, {
      timeout: 30_000,
    }, async () => {
      const port = await freePort();
      const file = join(dir, `${signal}.jsonl`);
      const kali = startKali(
        [
          '-T1h',
          '-c1',
          '-m',
          'x',
          '-r',
          '20',
          '--json-file',
          file,
          '--json-interval',
          '100ms',
          `-l127.0.0.1:${port}`,
          `127.0.0.1:${port}`,
        ],
        { timeoutMs: 20_000 },
      );
      await kali.waitForStderr(/^Ramped up to 1 connections\.$/, 10_000);
      // Long enough for several interval records to be in the file already.
      await new Promise((r) => setTimeout(r, 600));
      kali.child.kill(signal);
      const run = await kali.done;
      assert.equal(run.signal, null, `killed by the signal instead of finishing\n${explain(run)}`);
      assert.match(run.stdout, /^Test duration: \S+ s\.$/m, explain(run));
      assert.ok(!hasStackTrace(run.stderr), explain(run));
      const text = readFileSync(file, 'utf8');
      assert.ok(text.endsWith('\n'), `last record cut short: ${JSON.stringify(text.slice(-80))}`);
      const records = jsonLines(file);
      const types = records.map((r) => r.type);
      assert.ok(types.filter((t) => t === 'interval').length >= 3, `${types}\n${explain(run)}`);
      assert.equal(types.at(-1), 'report', `${types}\n${explain(run)}`);
      assert.equal(types.filter((t) => t === 'report').length, 1);
      assert.ok(records.at(-1).duration > 0, explain(run));
    });
  }
});
