import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createJsonOutput, serialize } from '../../../plugins/output-json/src/json-output.js';
import type { JsonTarget } from '../../../plugins/output-json/src/json-target.js';
import { sampleResult } from '../../docs/sample-result.js';
import { validateResult } from '../../helpers/result-schema.js';
import {
  describeError,
  fakeContext,
  intervalEnding,
  leftovers,
  partialUpTo,
  readDocument,
  scratchDir,
} from './fixtures.js';

const dir = scratchDir();

/** A clock that reads the end of the last interval handed over: writes take no time on it. */
function runClock() {
  let ms = 0;
  return {
    now: () => ms,
    interval(end: number) {
      ms = end * 1000;
      return intervalEnding(end);
    },
  };
}

/**
 * A target that records what it was given, and can be made to take time or to fail (`fail` gets
 * the number of the attempt, from 0).
 */
function recordingTarget(o: { rewritable: boolean; fail?: (n: number) => boolean; onWrite?: () => void }) {
  const writes: string[] = [];
  let attempts = 0;
  const target: JsonTarget = {
    rewritable: o.rewritable,
    write(text) {
      o.onWrite?.();
      if (o.fail?.(attempts++)) throw Object.assign(new Error('disk full'), { exitCode: 1 });
      writes.push(text);
    },
    close() {},
  };
  return { target, writes };
}

describe('JSON output to a regular file', () => {
  it('holds a valid partial document from the start, the run so far at each interval', () => {
    const file = join(dir, 'run.json');
    writeFileSync(file, 'what a previous run left');
    const ctx = fakeContext({ file, interval: 1 });
    const clock = runClock();
    const out = createJsonOutput(ctx, describeError, undefined, clock.now);
    const first = readDocument(file);
    validateResult(first);
    assert.equal(first.status, 'partial');
    for (const end of [1, 2, 3]) {
      ctx.partial = partialUpTo(...Array.from({ length: end }, (_, i) => i + 1));
      out.onInterval?.(clock.interval(end));
      const doc = readDocument(file);
      validateResult(doc);
      assert.deepEqual(
        doc.intervals.map((i) => i.end),
        [1, 2, 3].slice(0, end),
      );
    }
    assert.deepEqual(leftovers(dir), []);
  });

  it('replaces it with the complete document, one line of compact JSON, at the end', async () => {
    const file = join(dir, 'complete.json');
    const out = createJsonOutput(fakeContext({ file, interval: 1 }), describeError);
    out.onInterval?.(intervalEnding(1));
    const result = sampleResult();
    await out.onResult?.(result);
    await out.close?.({ exitCode: 0 });
    assert.equal(readFileSync(file, 'utf8'), `${JSON.stringify(result)}\n`);
    assert.deepEqual(readDocument(file), result);
    assert.deepEqual(leftovers(dir), []);
  });

  it('no longer rewrites once the complete document is written', async () => {
    const { target, writes } = recordingTarget({ rewritable: true });
    const ctx = fakeContext({ file: 'x.json', interval: 1 });
    const out = createJsonOutput(ctx, describeError, () => target);
    await out.onResult?.(sampleResult());
    out.onInterval?.(intervalEnding(5));
    await out.close?.({ exitCode: 0 });
    assert.deepEqual(writes.at(-1), serialize(sampleResult()));
    assert.equal(writes.length, 2, 'the first partial document and the complete one');
  });

  it('rewrites at its own interval, and never spends more than a twentieth of the time on it', () => {
    let clock = 0;
    // Each rewrite takes 100 ms of the main thread: at most one per 2 s.
    const { target, writes } = recordingTarget({ rewritable: true, onWrite: () => (clock += 100) });
    const ctx = fakeContext({ file: 'x.json', interval: 0.5 });
    const out = createJsonOutput(
      ctx,
      describeError,
      () => target,
      () => clock,
    );
    const ends: number[] = [];
    for (let i = 1; i <= 20; i++) {
      const before = writes.length;
      clock = Math.max(clock, i * 250);
      out.onInterval?.(intervalEnding(i * 0.25, 0.25));
      if (writes.length > before) ends.push(i * 0.25);
    }
    assert.deepEqual(ends, [2, 4]);
    assert.equal(ctx.asked, writes.length, 'the document is built only when it is written');
  });

  it('writes nothing during the run to what cannot be rewritten', async () => {
    const { target, writes } = recordingTarget({ rewritable: false });
    const ctx = fakeContext({ file: '-', interval: 1 });
    const out = createJsonOutput(ctx, describeError, () => target);
    for (const end of [1, 2, 3]) out.onInterval?.(intervalEnding(end));
    assert.equal(writes.length, 0);
    assert.equal(ctx.asked, 0);
    await out.onResult?.(sampleResult());
    assert.deepEqual(writes, [serialize(sampleResult())]);
  });
});

describe('JSON output write failures', () => {
  it('during the run: one warning, no more rewrites, and the complete document is tried at the end', async () => {
    const { target, writes } = recordingTarget({ rewritable: true, fail: (n) => n === 1 });
    const ctx = fakeContext({ file: 'x.json', interval: 1 });
    const clock = runClock();
    const out = createJsonOutput(ctx, describeError, () => target, clock.now);
    for (const end of [1, 2, 3]) assert.doesNotThrow(() => out.onInterval?.(clock.interval(end)));
    assert.deepEqual(ctx.logged, ['WARNING: disk full; the complete result is written at the end']);
    assert.equal(writes.length, 1, 'the first partial document only');
    await out.onResult?.(sampleResult());
    await out.close?.({ exitCode: 0 });
    assert.equal(writes.at(-1), serialize(sampleResult()));
  });

  it('at the end: one line with exit status 1, once, also when close follows', async () => {
    const { target } = recordingTarget({ rewritable: false, fail: () => true });
    const out = createJsonOutput(fakeContext({ file: 'x.json' }), describeError, () => target);
    await assert.rejects(async () => out.onResult?.(sampleResult()), { message: 'disk full', exitCode: 1 });
    await out.close?.({ exitCode: 1 });
  });

  it('at close: the same one line, naming the file', async () => {
    const target: JsonTarget = {
      rewritable: false,
      write() {},
      close() {
        throw Object.assign(new Error('EIO: i/o error, close'), { code: 'EIO', errno: -5 });
      },
    };
    const out = createJsonOutput(fakeContext({ file: 'x.json' }), describeError, () => target);
    await out.onResult?.(sampleResult());
    await assert.rejects(async () => out.close?.({ exitCode: 0 }), {
      message: 'json output: cannot write x.json: Input/output error',
      exitCode: 1,
    });
  });
});

describe('JSON output of a run that ends without a result', () => {
  it('ends a run without a result with the run so far and its exit status', async () => {
    const file = join(dir, 'failed-run.json');
    const ctx = fakeContext({ file, interval: 1 });
    const clock = runClock();
    const out = createJsonOutput(ctx, describeError, undefined, clock.now);
    ctx.partial = partialUpTo(1, 2);
    out.onInterval?.(clock.interval(2));
    ctx.partial = partialUpTo(1, 2, 2.4);
    await out.close?.({ exitCode: 1 });
    const doc = readDocument(file);
    validateResult(doc);
    assert.equal(doc.status, 'partial');
    assert.equal(doc.exitStatus, 1);
    assert.deepEqual(
      doc.intervals.map((i) => i.end),
      [1, 2, 2.4],
    );
  });

  it('writes that last document to stdout too, once', async () => {
    const { target, writes } = recordingTarget({ rewritable: false });
    const out = createJsonOutput(fakeContext({ file: '-' }), describeError, () => target);
    await out.close?.({ exitCode: 64 });
    await out.close?.({ exitCode: 64 });
    assert.equal(writes.length, 1);
    const doc = JSON.parse(writes[0]);
    assert.equal(doc.status, 'partial');
    assert.equal(doc.exitStatus, 64);
  });
});
