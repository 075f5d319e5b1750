import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeForDump } from '../../../src/engine/worker/dump-format.js';
import { LastBytes } from '../../../src/engine/worker/last-bytes.js';

/** What `describe()` must say after `chunks` went through a window of `cap` bytes. */
function expected(cap: number, chunks: Buffer[]): string {
  const all = Buffer.concat(chunks);
  const kept = all.subarray(Math.max(0, all.length - cap));
  const cut = all.length > cap ? '...' : '';
  return `Last received bytes (${kept.length}): [${cut}${escapeForDump(kept)}]`;
}

function fed(cap: number, chunks: Buffer[]): LastBytes {
  const lb = new LastBytes(cap);
  for (const c of chunks) lb.add(c);
  return lb;
}

describe('LastBytes', { timeout: 10_000 }, () => {
  it('says nothing was received before any data', () => {
    assert.equal(new LastBytes(8).describe(), 'Last received bytes (0): []');
  });

  it('keeps everything, without "...", while the total fits', () => {
    assert.equal(
      fed(8, [Buffer.from('abc'), Buffer.from('defgh')]).describe(),
      'Last received bytes (8): [abcdefgh]',
    );
  });

  it('keeps the newest bytes and marks the cut when more arrived', () => {
    const lb = fed(8, [Buffer.from('abcdef'), Buffer.from('ghij')]);
    assert.equal(lb.describe(), 'Last received bytes (8): [...cdefghij]');
  });

  it('keeps the tail of a single chunk larger than the window', () => {
    assert.equal(fed(4, [Buffer.from('0123456789')]).describe(), 'Last received bytes (4): [...6789]');
  });

  it('escapes what it shows as the dumps do', () => {
    assert.equal(
      fed(4, [Buffer.from([0, 0x5c, 10, 13])]).describe(),
      'Last received bytes (4): [\\x00\\\\\\n\n\t\\r]',
    );
  });

  it('matches the tail of the concatenated stream for random chunk sizes', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const cap = 1 + rand(40);
      const chunks = Array.from({ length: rand(12) }, () =>
        Buffer.from(Array.from({ length: rand(60) }, () => rand(256))),
      );
      assert.equal(fed(cap, chunks).describe(), expected(cap, chunks), `round ${round}, window ${cap}`);
    }
  });

  it("does not keep a reference to the caller's buffer", () => {
    const chunk = Buffer.from('abcd');
    const lb = fed(8, [chunk]);
    chunk.fill(0x7a);
    assert.equal(lb.describe(), 'Last received bytes (4): [abcd]');
  });
});
