import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { KaliError } from '../../src/errors/index.js';
import type { RunResult } from '../../src/interfaces/result.js';
import { readStandardInput } from '../../src/results/read-standard-input.js';
import { segmentCoverage } from '../../src/results/segment-coverage.js';
import { splitDocuments } from '../../src/results/split-documents.js';
import { makeResult } from './fixtures.js';

const stdin = (text: string) => Readable.from([Buffer.from(text)]);

describe('splitDocuments', () => {
  it('finds documents one after another, on their own lines, on one line, or pretty-printed', () => {
    assert.deepEqual(splitDocuments('{"a":1}\n{"b":2}\n'), [
      { text: '{"a":1}', line: 1 },
      { text: '{"b":2}', line: 2 },
    ]);
    assert.deepEqual(
      splitDocuments('{"a":1}{"b":2} {"c":3}').map((d) => d.text),
      ['{"a":1}', '{"b":2}', '{"c":3}'],
    );
    const pretty = JSON.stringify({ a: [{ b: 1 }, { c: '}' }] }, null, 2);
    assert.deepEqual(splitDocuments(`${pretty}\n${pretty}\r\n`), [
      { text: pretty, line: 1 },
      { text: pretty, line: 1 + pretty.split('\n').length },
    ]);
  });

  it("passes over the pods' other lines: the report and start-up lines on stderr", () => {
    const text = [
      'Destination: [10.0.0.1]:80',
      'Ramped up to 10 connections.',
      '{"one":"x"}',
      'Total data sent:     1 bytes',
      '  {"two":"}{\\"quoted\\"}"}',
      'Test duration: 1 s.',
    ].join('\n');
    assert.deepEqual(splitDocuments(text), [
      { text: '{"one":"x"}', line: 3 },
      { text: '{"two":"}{\\"quoted\\"}"}', line: 5 },
    ]);
  });

  it('returns a document the input ends inside as it is, and nothing from text without one', () => {
    assert.deepEqual(splitDocuments('{"a":1}\n{"b": [1,'), [
      { text: '{"a":1}', line: 1 },
      { text: '{"b": [1,', line: 2 },
    ]);
    assert.deepEqual(splitDocuments('no JSON here\nat all\n'), []);
    assert.deepEqual(splitDocuments(''), []);
    assert.deepEqual(splitDocuments('\ufeff{"a":1}'), [{ text: '{"a":1}', line: 1 }]);
  });
});

describe('readStandardInput (kali merge -)', () => {
  it('reads every result document, each named by its place in the stream', async () => {
    const a = makeResult();
    const b = { ...makeResult(), segment: { index: 2, count: 2 } };
    const read = await readStandardInput(stdin(`${JSON.stringify(a)}\nreport line\n${JSON.stringify(b)}\n`));
    assert.deepEqual(
      read.map((r) => r.file),
      ['standard input (document 1, line 1)', 'standard input (document 2, line 3)'],
    );
    assert.deepEqual(read[1].result, b);
  });

  it('refuses input without a document, or with one that is not a result, in one line (65)', async () => {
    const refused = (text: string, message: string) =>
      assert.rejects(readStandardInput(stdin(text)), (e: unknown) => {
        assert.ok(e instanceof KaliError);
        assert.equal(e.message, message);
        assert.equal(e.exitCode, 65);
        return true;
      });
    await refused(
      'just a log\n',
      'standard input: no result document (a line starting with {, as kali --json - writes)',
    );
    await refused(
      `${JSON.stringify(makeResult())}\n{"schemaVersion": `,
      'standard input (document 2, line 2): not JSON (Unexpected end of JSON input)',
    );
    await refused(
      '{"name": "x"}',
      'standard input (document 1, line 1): not a kali result (no schemaVersion)',
    );
  });

  it('refuses a terminal: nothing would ever arrive', async () => {
    const tty = Object.assign(stdin(''), { isTTY: true });
    await assert.rejects(readStandardInput(tty), /standard input, which is a terminal/);
  });
});

describe('segmentCoverage', () => {
  const of = (...segments: ([number, number] | undefined)[]): RunResult[] =>
    segments.map((s) => ({ ...makeResult(), ...(s ? { segment: { index: s[0], count: s[1] } } : {}) }));

  it('says nothing when the inputs make up the whole load, or are no segments', () => {
    assert.deepEqual(segmentCoverage(of([2, 3], [1, 3], [3, 3])), []);
    assert.deepEqual(segmentCoverage(of(undefined, undefined)), []);
  });

  it('names the missing and the repeated segments, and loads split in different ways', () => {
    assert.deepEqual(segmentCoverage(of([1, 4], [3, 4])), [
      'WARNING: segments 2/4, 4/4 missing: the merged figures cover 2 of 4 shares of the load',
    ]);
    assert.deepEqual(segmentCoverage(of([1, 2], [1, 2], [2, 2])), [
      'WARNING: segment 1/2 appears more than once among the inputs',
    ]);
    assert.deepEqual(segmentCoverage(of([1, 2], [1, 3])), [
      'WARNING: the inputs are segments of loads split in different ways (N = 2, 3)',
    ]);
  });
});
