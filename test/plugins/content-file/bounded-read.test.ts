import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  describeReadError,
  FileLimitError,
  type HandOver,
  MAX_FILE_BYTES,
  readBounded as read,
} from '../../../plugins/content-file/src/bounded-read.js';

/** KaliApi's hand-over, as the host gives it to the plugins of one thread. */
function handOverIn(
  entries: Map<string, Uint8Array> = new Map(),
): HandOver & { entries: Map<string, Uint8Array> } {
  return {
    entries,
    handOver: (key, bytes) => void entries.set(key, bytes),
    handedOver: (key) => entries.get(key),
  };
}

const mainThread = handOverIn();
const readBounded = (path: string, limits?: { maxBytes?: number; waitMs?: number }) =>
  read(path, mainThread, limits);

const dir = mkdtempSync(join(tmpdir(), 'kali-bounded-read-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let fifos = 0;

function fifo(): string {
  const path = join(dir, `fifo-${++fifos}`);
  execFileSync('mkfifo', [path]);
  return path;
}

/** A writer in its own process: this thread blocks while it reads, so the writer cannot live here. */
function shell(script: string, ...args: string[]): ChildProcess {
  return spawn('sh', ['-c', script, 'sh', ...args], { stdio: 'ignore' });
}

function limitError(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof FileLimitError && message.test(e.message));
}

function timed<T>(fn: () => T): { value?: T; error?: unknown; ms: number } {
  const start = performance.now();
  try {
    return { value: fn(), ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
}

describe('readBounded', { timeout: 30_000 }, () => {
  it('reads a regular file whole, up to and including the limit', () => {
    const path = join(dir, 'exact.bin');
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => i & 0xff));
    writeFileSync(path, bytes);
    assert.deepEqual(readBounded(path, { maxBytes: 4096 }), bytes);
    assert.deepEqual(readBounded(path), bytes);
    limitError(() => readBounded(path, { maxBytes: 4095 }), /^larger than 4095 bytes, the most kali reads/);
  });

  it('refuses a large regular file from its size, without reading it', () => {
    const path = join(dir, 'sparse.bin');
    // A sparse 1 GiB file: reading it would take seconds and a gigabyte; refusing takes nothing.
    execFileSync('truncate', ['-s', '1G', path]);
    const run = timed(() => readBounded(path));
    assert.ok(run.error instanceof FileLimitError, String(run.error));
    assert.equal(run.error.message, 'larger than 16 MiB, the most kali reads from one file');
    assert.ok(run.ms < 200, `took ${run.ms} ms`);
  });

  it('stops reading an endless device at the limit', () => {
    const run = timed(() => readBounded('/dev/zero'));
    assert.ok(run.error instanceof FileLimitError);
    assert.match(run.error.message, /^larger than 16 MiB/);
    assert.ok(run.ms < 2000, `took ${run.ms} ms`);
    limitError(() => readBounded('/dev/urandom', { maxBytes: 1000 }), /^larger than 1000 bytes/);
  });

  it('reads an empty device as empty', () => {
    assert.equal(readBounded('/dev/null').length, 0);
  });

  it('reads a FIFO until its writer closes it, even when the writer comes late', () => {
    const path = fifo();
    // More than a pipe holds (64 KiB), so the reader must drain it while the writer still writes.
    const payload = 'x'.repeat(200_000);
    const writer = shell(`sleep 0.3; head -c ${payload.length} /dev/zero | tr '\\0' x > "$1"`, path);
    const run = timed(() => readBounded(path));
    writer.kill();
    assert.equal(run.error, undefined);
    assert.equal(run.value?.toString(), payload);
  });

  it('gives up on a FIFO that nobody opens for writing', () => {
    const path = fifo();
    const run = timed(() => readBounded(path, { waitMs: 300 }));
    assert.ok(run.error instanceof FileLimitError);
    assert.equal(run.error.message, 'no writer opened it within 0.3 s');
    assert.ok(run.ms >= 290 && run.ms < 1500, `took ${run.ms} ms`);
  });

  it('gives up on a FIFO whose writer never closes it', () => {
    const path = fifo();
    const writer = shell('exec 3>"$1"; printf partial >&3; sleep 5', path);
    const run = timed(() => readBounded(path, { waitMs: 400 }));
    writer.kill();
    assert.ok(run.error instanceof FileLimitError);
    assert.equal(run.error.message, 'no end of file within 0.4 s');
    assert.ok(run.ms < 2000, `took ${run.ms} ms`);
  });

  it('caps what a FIFO may deliver', () => {
    const path = fifo();
    const writer = shell('head -c 100000 /dev/zero > "$1"', path);
    limitError(() => readBounded(path, { maxBytes: 50_000 }), /^larger than 50000 bytes/);
    writer.kill();
  });

  it('hands what it read from a FIFO over to the workers, which cannot read it again', () => {
    const path = fifo();
    const writer = shell('printf shared > "$1"', path);
    const main = handOverIn();
    assert.equal(read(path, main).toString(), 'shared');
    writer.kill();
    assert.equal(main.entries.size, 1);
    // A worker gets the main thread's entries with its task: the FIFO is empty now, so only the
    // handed-over copy can answer.
    const worker = handOverIn(new Map(main.entries));
    assert.equal(read(path, worker, { waitMs: 100 }).toString(), 'shared');
    // Regular files are read again in each thread, never handed over.
    const plain = join(dir, 'plain');
    writeFileSync(plain, 'x');
    read(plain, main);
    assert.equal(main.entries.size, 1);
  });

  it("reports the C library's wording for system errors", () => {
    const missing = join(dir, 'missing');
    assert.throws(
      () => readBounded(missing),
      (e: unknown) => describeReadError(e) === 'No such file or directory',
    );
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    assert.throws(
      () => readBounded(sub),
      (e: unknown) => describeReadError(e) === 'Illegal operation on a directory',
    );
    assert.equal(describeReadError(new FileLimitError('too big')), 'too big');
    assert.equal(MAX_FILE_BYTES, 16 * 1024 * 1024);
  });
});
