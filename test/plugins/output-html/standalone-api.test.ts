import assert from 'node:assert/strict';
import { constants } from 'node:os';
import { describe, it } from 'node:test';
import { standaloneApi } from '../../../plugins/output-html/src/standalone-api.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { fixtureResult } from './fixture-result.js';

describe("kali report's own decoding and wording", () => {
  it('reads every histogram as the host does', () => {
    for (const m of Object.values(fixtureResult().metrics)) {
      if (m.kind !== 'latency') continue;
      const mine = standaloneApi.decodeHistogram(m.histogram);
      const host = kaliApi.decodeHistogram(m.histogram);
      for (const key of ['count', 'minUs', 'maxUs', 'meanUs', 'stdevUs'] as const)
        assert.equal(mine[key], host[key], key);
      for (const p of [0, 10, 50, 90, 99, 99.9, 99.99, 100])
        assert.equal(mine.percentile(p), host.percentile(p), `p${p}`);
      assert.deepEqual(mine.buckets(), host.buckets());
    }
  });

  it('refuses what is not a histogram in one line', () => {
    assert.throws(
      () => standaloneApi.decodeHistogram('nonsense'),
      /^Error: not an HdrHistogram \(compressed base64\)$/,
    );
  });

  it('words file errors as the host does', () => {
    for (const code of ['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'ENOSPC']) {
      const err = Object.assign(new Error(`${code}: something, open 'x'`), {
        code,
        errno: -(constants.errno as Record<string, number>)[code],
      });
      assert.equal(standaloneApi.describeError(err), kaliApi.describeError(err), code);
    }
    const parse = (() => {
      try {
        JSON.parse('{');
      } catch (err) {
        return err;
      }
    })();
    assert.equal(standaloneApi.describeError(parse), kaliApi.describeError(parse));
  });
});
