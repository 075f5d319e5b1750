import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { RunResult } from 'kali';
import { freePort } from '../helpers/free-port.js';
import { validateResult } from '../helpers/result-schema.js';
import { errorLines, explain, hasStackTrace, type KaliRun, runKali, startKali } from '../helpers/run-kali.js';

/**
 * The JSON output when its file fails or is not a file: a full device, a path that cannot be
 * created, a FIFO, a descriptor's name, and a run ended by a signal, which must still leave a
 * complete document behind.
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

/** One document on one line, valid. */
function parseDocument(text: string, run: KaliRun): RunResult {
  assert.ok(text.endsWith('\n') && text.indexOf('\n') === text.length - 1, `not one line\n${explain(run)}`);
  const doc = JSON.parse(text) as RunResult;
  validateResult(doc);
  return doc;
}

describe('JSON output faults', { concurrency: 2, timeout: 120_000 }, () => {
  it('to /dev/full: the report is printed, then one line naming the file, exit 1', {
    skip: noDevFull,
  }, async () => {
    const run = await loopback(['--json', '/dev/full']);
    assertFailedAfterReport(run, FULL);
  });

  it('to /dev/full with short intervals: the run goes on and the line comes once', {
    skip: noDevFull,
  }, async () => {
    const run = await loopback(['--json', '/dev/full', '--json-interval', '100ms']);
    assertFailedAfterReport(run, FULL);
    assert.ok(run.elapsedMs > 900, `ended early: ${explain(run)}`);
  });

  for (const [what, file, reason] of [
    ['a missing directory', '/nonexistent/dir/x.json', 'No such file or directory'],
    ['a directory', dir, 'Is a directory'],
    ['a file below a file', '/etc/hostname/x.json', 'Not a directory'],
  ] as const) {
    it(`to ${what}: stops before the run with one line, exit 64`, async () => {
      // A run that started would take 10 s; failing first takes well under that.
      const run = await loopback(['--json', file], '-T10s');
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

  it('to a FIFO: the complete document arrives once, at the end', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // The reader must be there: kali opens the FIFO before the run, and waits for one.
    let received = '';
    const reading = new Promise<void>((resolve, reject) => {
      createReadStream(fifo, 'utf8')
        .on('data', (d) => {
          received += d;
        })
        .on('end', resolve)
        .on('error', reject);
    });
    const run = await loopback(['--json', fifo, '--json-interval', '100ms']);
    await reading;
    assert.equal(run.code, 0, explain(run));
    const doc = parseDocument(received, run);
    assert.equal(doc.status, 'complete');
    assert.ok(doc.intervals.length >= 5, explain(run));
  });

  it('to /dev/stdout: the document comes after the text report, on the same stdout', async () => {
    const run = await loopback(['--json', '/dev/stdout']);
    assert.equal(run.code, 0, explain(run));
    const at = run.stdout.indexOf('{"$schema"');
    assert.ok(at > run.stdout.indexOf('Test duration:'), explain(run));
    assert.equal(parseDocument(run.stdout.slice(at), run).status, 'complete');
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`a run ended by ${signal} leaves the complete document, exit status included`, async () => {
      const port = await freePort();
      const file = join(dir, `${signal}.json`);
      const kali = startKali(
        [
          '-T1h',
          '-c1',
          '-m',
          'x',
          '-r',
          '20',
          '--json',
          file,
          '--json-interval',
          '100ms',
          `-l127.0.0.1:${port}`,
          `127.0.0.1:${port}`,
        ],
        { timeoutMs: 20_000 },
      );
      await kali.waitForStderr(/^Ramped up to 1 connections\.$/, 10_000);
      // Long enough for several interval records and partial rewrites.
      await new Promise((r) => setTimeout(r, 600));
      const partial = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
      assert.equal(partial.status, 'partial');
      kali.child.kill(signal);
      const run = await kali.done;
      assert.equal(run.signal, null, `killed by the signal instead of finishing\n${explain(run)}`);
      assert.match(run.stdout, /^Test duration: \S+ s\.$/m, explain(run));
      assert.ok(!hasStackTrace(run.stderr), explain(run));
      const doc = parseDocument(readFileSync(file, 'utf8'), run);
      assert.equal(doc.status, 'complete');
      assert.equal(doc.exitStatus, run.code, explain(run));
      assert.ok(doc.intervals.length >= 3, `${doc.intervals.length} intervals\n${explain(run)}`);
      assert.ok(doc.time.steadySeconds > 0, explain(run));
    });
  }
});
