import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KaliError } from '../../src/errors/index.js';
import { readResult } from '../../src/results/read-result.js';
import { latencyMetric, makeResult } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'kali-read-result-'));

function fileWith(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Rejects with one line that starts with the file's name, exit 65. */
async function refused(file: string, pattern: RegExp): Promise<void> {
  await assert.rejects(readResult(file), (err: unknown) => {
    assert.ok(err instanceof KaliError, String(err));
    assert.equal(err.exitCode, 65);
    assert.ok(!err.message.includes('\n'), err.message);
    assert.ok(err.message.startsWith(`${file}: `), err.message);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('readResult', () => {
  it('reads a result document', async () => {
    const doc = makeResult({ metrics: { message: latencyMetric([100, 200]) } });
    const file = fileWith('good.json', JSON.stringify(doc));
    const { file: named, result } = await readResult(file);
    assert.equal(named, file);
    assert.deepEqual(result, doc);
  });

  it('accepts a later minor version, whose extra fields it ignores', async () => {
    const doc = { ...makeResult(), schemaVersion: '1.7', somethingNew: { a: 1 } };
    await readResult(fileWith('minor.json', JSON.stringify(doc)));
  });

  it('a missing file: the system error', () =>
    refused(join(dir, 'missing.json'), /: No such file or directory$/));

  it('a directory: the system error', () => refused(dir, /: Is a directory$/));

  it('not JSON', () => refused(fileWith('junk.json', '{"schemaVersion": '), /: not JSON \(/));

  it('JSON that is not a result', async () => {
    await refused(fileWith('array.json', '[1, 2]'), /not a kali result/);
    await refused(fileWith('other.json', '{"name": "kali"}'), /not a kali result \(no schemaVersion\)/);
    const noTraffic: Record<string, unknown> = { ...makeResult() };
    delete noTraffic.traffic;
    await refused(fileWith('partial.json', JSON.stringify(noTraffic)), /traffic\.bytes\.in is not a number/);
  });

  it('another major schema version', async () => {
    const doc = { ...makeResult(), schemaVersion: '2.0' };
    await refused(
      fileWith('v2.json', JSON.stringify(doc)),
      /result schema version 2\.0 is not one this kali reads/,
    );
  });

  it('a metric of unknown kind, or a histogram that does not decode', async () => {
    const odd = makeResult({ metrics: { message: { ...latencyMetric([1]), kind: 'gauge' } as never } });
    await refused(fileWith('kind.json', JSON.stringify(odd)), /metrics\["message"\]\.kind is neither/);
    const broken = makeResult({ metrics: { message: { ...latencyMetric([1]), histogram: 'AAAA' } } });
    await refused(
      fileWith('hist.json', JSON.stringify(broken)),
      /metrics\["message"\]\.histogram is not an HdrHistogram/,
    );
  });

  it('an interval record without its figures', async () => {
    const doc = makeResult();
    doc.intervalSeconds = 1;
    doc.intervals = [{ start: 0, end: 1 } as never];
    await refused(
      fileWith('interval.json', JSON.stringify(doc)),
      /intervals\[0\]\.connecting is not a number/,
    );
  });
});
