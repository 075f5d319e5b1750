import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type FileIo, realIo } from '../../../plugins/output-json/src/file-io.js';
import { openJsonTarget, type TextStream } from '../../../plugins/output-json/src/json-target.js';
import { describeError, leftovers, scratchDir } from './fixtures.js';

const dir = scratchDir();
const haveDevFull = existsSync('/dev/full');
const ENOSPC = () =>
  Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });

/** A stream that calls back on the next turn, with the error set by failWith. */
function fakeStream() {
  const written: string[] = [];
  let fail: Error | undefined;
  const stream: TextStream = {
    write: (text, done) => {
      written.push(text);
      setImmediate(() => done(fail));
    },
    on: () => {},
  };
  return { stream, written, failWith: (err: Error) => (fail = err) };
}

describe('JSON output targets', () => {
  it('a regular file: created at once, replaced whole by each write, no temporary file left', async () => {
    const file = join(dir, 'regular.json');
    writeFileSync(file, 'old');
    const target = openJsonTarget(file, describeError);
    assert.equal(target.rewritable, true);
    assert.equal(readFileSync(file, 'utf8'), '', 'what a previous run left is gone at once');
    await target.write('{"a":1}\n');
    await target.write('{"b":2}\n');
    assert.equal(readFileSync(file, 'utf8'), '{"b":2}\n');
    target.close();
    assert.deepEqual(leftovers(dir), []);
  });

  it('a write that fails halfway leaves the previous document whole, and no temporary file', async () => {
    const file = join(dir, 'halfway.json');
    let failing = false;
    const io: FileIo = {
      ...realIo,
      writeSync: (fd, buffer, offset, length) => {
        if (!failing) return writeSync(fd, buffer, offset, length);
        if (offset === 0) return writeSync(fd, buffer, offset, Math.ceil(length / 2));
        throw ENOSPC();
      },
    };
    const target = openJsonTarget(file, describeError, io);
    await target.write('{"complete":"first"}\n');
    failing = true;
    await assert.rejects(async () => target.write('{"complete":"second"}\n'), {
      message: `json output: cannot write ${file}: No space left on device`,
      exitCode: 1,
    });
    assert.equal(readFileSync(file, 'utf8'), '{"complete":"first"}\n');
    assert.deepEqual(leftovers(dir), []);
  });

  it('finishes a document that the file takes in several writes', async () => {
    const file = join(dir, 'short-writes.json');
    const io: FileIo = {
      ...realIo,
      writeSync: (fd, buffer, offset, length) => writeSync(fd, buffer, offset, Math.min(length, 7)),
    };
    const target = openJsonTarget(file, describeError, io);
    const text = `${JSON.stringify({ long: 'x'.repeat(100) })}\n`;
    await target.write(text);
    assert.equal(readFileSync(file, 'utf8'), text);
  });

  it('a link: its target is replaced and the link stays', async () => {
    const real = join(dir, 'real.json');
    const link = join(dir, 'link.json');
    writeFileSync(real, '');
    symlinkSync(real, link);
    const target = openJsonTarget(link, describeError);
    await target.write('{"via":"link"}\n');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(real, 'utf8'), '{"via":"link"}\n');
  });

  it('a directory that takes no new files: written in place, once, at the end', async () => {
    const file = join(dir, 'no-temporaries.json');
    const io: FileIo = {
      ...realIo,
      openSync: (path, flags) => {
        if (path.includes('.tmp-')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        return openSync(path, flags);
      },
    };
    const target = openJsonTarget(file, describeError, io);
    assert.equal(target.rewritable, false);
    await target.write('{"in":"place"}\n');
    target.close();
    assert.equal(readFileSync(file, 'utf8'), '{"in":"place"}\n');
  });

  it('a FIFO: opened at once, not rewritable, the document written straight in', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // The reader first, without blocking, so that opening the writing end does not wait.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const target = openJsonTarget(fifo, describeError);
      assert.equal(target.rewritable, false);
      await target.write('{"through":"fifo"}\n');
      target.close();
      const buffer = Buffer.alloc(100);
      const n = readSync(reader, buffer, 0, buffer.length, null);
      assert.equal(buffer.subarray(0, n).toString(), '{"through":"fifo"}\n');
    } finally {
      closeSync(reader);
    }
  });

  it('/dev/full: not rewritable; the write fails with one line, exit 1', {
    skip: !haveDevFull && 'no /dev/full',
  }, async () => {
    const target = openJsonTarget('/dev/full', describeError);
    assert.equal(target.rewritable, false);
    await assert.rejects(async () => target.write('{}\n'), {
      message: 'json output: cannot write /dev/full: No space left on device',
      exitCode: 1,
    });
    target.close();
  });

  it('-: stdout through its stream, written once; a reader gone is one line, exit 1', async () => {
    const { stream, written, failWith } = fakeStream();
    const target = openJsonTarget('-', describeError, realIo, {
      stdout: stream,
      stderr: fakeStream().stream,
    });
    assert.equal(target.rewritable, false);
    await target.write('{"to":"stdout"}\n');
    assert.deepEqual(written, ['{"to":"stdout"}\n']);
    failWith(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32 }));
    await assert.rejects(async () => target.write('{}\n'), {
      message: 'json output: cannot write stdout: Broken pipe',
      exitCode: 1,
    });
  });

  it('/dev/stdout and /dev/stderr: through the same streams, which a socket needs', async () => {
    const out = fakeStream();
    const err = fakeStream();
    const streams = { stdout: out.stream, stderr: err.stream };
    await openJsonTarget('/dev/stdout', describeError, realIo, streams).write('{"n":1}\n');
    await openJsonTarget('/dev/stderr', describeError, realIo, streams).write('{"n":2}\n');
    assert.deepEqual([out.written, err.written], [['{"n":1}\n'], ['{"n":2}\n']]);
    err.failWith(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32 }));
    await assert.rejects(
      async () => openJsonTarget('/dev/stderr', describeError, realIo, streams).write('{}\n'),
      { message: 'json output: cannot write /dev/stderr: Broken pipe', exitCode: 1 },
    );
  });

  it('words system errors as the host does (kali.describeError), without the syscall', () => {
    assert.equal(describeError(ENOSPC()), 'No space left on device');
    assert.equal(describeError(Object.assign(new Error('x'), { code: 'EACCES' })), 'Permission denied');
    assert.equal(describeError(new Error('first\nsecond')), 'first');
  });
});
