import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { errorLines, explain, hasStackTrace, type KaliRun, runKali } from '../helpers/run-kali.js';

/**
 * Files kali reads before a run (-f, --first-message-file, \{<file>}, --ssl-cert, --ssl-key) are
 * bounded: at most 16 MiB, and a pipe, FIFO or device must reach its end within 3 s. Whatever the
 * file, the run ends promptly with one line and the status of an unreadable file of that kind.
 */
const dir = mkdtempSync(join(tmpdir(), 'kali-input-files-'));
const writers: ChildProcess[] = [];
after(() => {
  for (const w of writers) w.kill();
  rmSync(dir, { recursive: true, force: true });
});

let fifos = 0;
function fifo(): string {
  const path = join(dir, `fifo-${++fifos}`);
  execFileSync('mkfifo', [path]);
  return path;
}

/** Writes `source` into the FIFO from another process (cat blocks until kali opens it). */
function feed(path: string, source: string): void {
  writers.push(spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', source, path], { stdio: 'ignore' }));
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function loopback(...args: string[]): Promise<string[]> {
  const port = await freePort();
  return [...args, `-l127.0.0.1:${port}`, `127.0.0.1:${port}`];
}

/** One error line, the exit status, no stack trace, and no time spent on the -T clock. */
function refused(run: KaliRun, code: number, line: string | RegExp, withinMs: number): void {
  assert.equal(run.code, code, explain(run));
  assert.ok(!hasStackTrace(run.stderr), explain(run));
  const errors = errorLines(run.stderr);
  assert.equal(errors.length, 1, explain(run));
  if (typeof line === 'string') assert.equal(errors[0], line, explain(run));
  else assert.match(errors[0], line, explain(run));
  assert.ok(run.elapsedMs < withinMs, `took ${Math.round(run.elapsedMs)} ms\n${explain(run)}`);
}

/** Dump lines of sent data. */
const sent = (run: KaliRun) => [...run.stderr.matchAll(/^Snd\(\d+, \d+\): \[(.*)\]$/gm)].map((m) => m[1]);

describe('bounded input files', { timeout: 90_000 }, () => {
  it('-f /dev/zero stops at 16 MiB with exit 65, well before -T', async () => {
    const run = await runKali(await loopback('-T10s', '-c1', '-f', '/dev/zero'), { timeoutMs: 15_000 });
    refused(
      run,
      65,
      '--message-file=/dev/zero: larger than 16 MiB, the most kali reads from one file',
      5_000,
    );
  });

  it('--first-message-file /dev/urandom is refused the same way', async () => {
    const run = await runKali(await loopback('-T10s', '--first-message-file', '/dev/urandom'), {
      timeoutMs: 15_000,
    });
    refused(
      run,
      65,
      '--first-message-file=/dev/urandom: larger than 16 MiB, the most kali reads from one file',
      5_000,
    );
  });

  it('\\{< /dev/zero >} inside a message fails like any unreadable expression file (exit 1)', async () => {
    const run = await runKali(await loopback('-T10s', '-m', 'a\\{< /dev/zero >}'), { timeoutMs: 15_000 });
    refused(run, 1, `Can't open "/dev/zero": larger than 16 MiB, the most kali reads from one file`, 5_000);
  });

  it('--ssl-cert and --ssl-key /dev/zero are refused with exit 64, naming the option', async () => {
    const cert = await runKali(await loopback('--ssl', '--ssl-cert', '/dev/zero', '-T10s'), {
      timeoutMs: 15_000,
    });
    refused(cert, 64, '--ssl-cert=/dev/zero: larger than 16 MiB, the most kali reads from one file', 5_000);
    // The key is read after the certificate, and checked as a pair only after both were read.
    const notPem = file('not-a-cert.pem', 'not a certificate');
    const key = await runKali(
      await loopback('--ssl', '--ssl-cert', notPem, '--ssl-key', '/dev/zero', '-T10s'),
      {
        timeoutMs: 15_000,
      },
    );
    refused(key, 64, '--ssl-key=/dev/zero: larger than 16 MiB, the most kali reads from one file', 5_000);
  });

  it('a FIFO that nobody writes to fails after 3 s instead of hanging', async () => {
    const path = fifo();
    const run = await runKali(await loopback('-T1s', '-c1', '-f', path), { timeoutMs: 15_000 });
    refused(run, 65, `--message-file=${path}: no writer opened it within 3 s`, 8_000);
    assert.ok(run.elapsedMs >= 3_000, explain(run));
  });

  it('a FIFO with a writer is read once, and every worker sends what it held', async () => {
    const path = fifo();
    feed(path, file('fifo-body', 'FROM-A-FIFO'));
    // -w2 with a listener: worker 1 opens the connection, so the bytes reach a worker thread.
    const run = await runKali(await loopback('-T1s', '-w2', '-r2', '-d', '-f', path), { timeoutMs: 15_000 });
    assert.equal(run.code, 0, explain(run));
    assert.ok(sent(run).includes('FROM-A-FIFO'), explain(run));
  });

  it('\\{ws.binary < /dev/null >} reads /dev/null: an empty binary frame goes out', async () => {
    const run = await runKali(await loopback('-T1s', '-r2', '-d', '-m', '\\{ws.binary < /dev/null >}'), {
      timeoutMs: 15_000,
    });
    assert.equal(run.code, 0, explain(run));
    assert.ok(sent(run).includes('\\x82\\x80\\x00\\x00\\x00\\x00'), explain(run));
  });
});

const noOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'no openssl command to make a certificate with';
  }
})();

it('--ssl-cert and --ssl-key may be pipes: the workers get what the main thread read', {
  timeout: 30_000,
  skip: noOpenssl,
}, async () => {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=kali',
    ],
    { stdio: 'ignore' },
  );
  const certPipe = fifo();
  const keyPipe = fifo();
  feed(certPipe, cert);
  feed(keyPipe, key);
  const run = await runKali(
    await loopback(
      '--ssl',
      '--ssl-cert',
      certPipe,
      '--ssl-key',
      keyPipe,
      '-T1s',
      '-w2',
      '-m',
      'secure',
      '-r2',
      '-d',
    ),
    { timeoutMs: 20_000 },
  );
  assert.equal(run.code, 0, explain(run));
  assert.ok(sent(run).includes('secure'), explain(run));
  assert.match(run.stdout, /^Total data received: +.*\((?!0 bytes)\d+ bytes\)$/m, explain(run));
});
