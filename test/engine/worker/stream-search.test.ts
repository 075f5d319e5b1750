import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StreamSearch } from '../../../src/engine/worker/stream-search.js';

/** Per fed chunk: the offsets just past each hit, in order. */
type FeedResult = number[];

/** Feeds the chunks in order, as a connection would, and records what each feed reported. */
function feedAll(needle: string | Buffer, chunks: Buffer[]): FeedResult[] {
  const s = new StreamSearch(Buffer.from(needle));
  let state = 0;
  return chunks.map((chunk) => {
    state = s.feed(state, chunk);
    return [...s.hitEnds.subarray(0, s.hits)];
  });
}

/**
 * The obvious quadratic search over the whole stream, mapped back onto the chunks: leftmost
 * match first, the next one may only start after it ends (hits never overlap).
 */
function naive(needle: Buffer, chunks: Buffer[]): FeedResult[] {
  const stream = Buffer.concat(chunks);
  const ends: number[] = [];
  for (let i = 0; i + needle.length <= stream.length; ) {
    if (stream.subarray(i, i + needle.length).equals(needle)) {
      ends.push(i + needle.length);
      i += needle.length;
    } else {
      i++;
    }
  }
  let base = 0;
  return chunks.map((chunk) => {
    const inside = ends.filter((e) => e > base && e <= base + chunk.length).map((e) => e - base);
    base += chunk.length;
    return inside;
  });
}

const split = (text: string, ...cuts: number[]): Buffer[] => {
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...cuts, text.length]) {
    out.push(Buffer.from(text.slice(from, c)));
    from = c;
  }
  return out;
};

const totalHits = (r: FeedResult[]) => r.reduce((n, x) => n + x.length, 0);

/** Deterministic so a failure can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('StreamSearch', { timeout: 20_000 }, () => {
  it('refuses an empty needle', () => {
    assert.throws(() => new StreamSearch(Buffer.alloc(0)));
  });

  it('finds a needle inside one chunk and reports where it ends', () => {
    assert.deepEqual(feedAll('STOP', [Buffer.from('xxSTOPxx')]), [[6]]);
    assert.deepEqual(feedAll('STOP', [Buffer.from('nothing here')]), [[]]);
  });

  it('finds a needle split across two chunks at every position', () => {
    const text = 'abcSTOPdef';
    for (let cut = 0; cut <= text.length; cut++) {
      const chunks = split(text, cut);
      assert.deepEqual(feedAll('STOP', chunks), naive(Buffer.from('STOP'), chunks), `cut at ${cut}`);
      assert.equal(totalHits(feedAll('STOP', chunks)), 1, `cut at ${cut}`);
    }
  });

  it('finds a needle spread over one-byte chunks and over every pair of cuts', () => {
    const text = 'xSTOPySTOPz';
    const bytes = [...text].map((c) => Buffer.from(c));
    assert.equal(totalHits(feedAll('STOP', bytes)), 2);
    for (let a = 0; a <= text.length; a++) {
      for (let b = a; b <= text.length; b++) {
        const chunks = split(text, a, b);
        assert.deepEqual(feedAll('STOP', chunks), naive(Buffer.from('STOP'), chunks), `cuts ${a},${b}`);
      }
    }
  });

  it('handles needles whose prefix repeats (aab in aaab), whatever the split', () => {
    for (let cut = 0; cut <= 4; cut++) {
      const r = feedAll('aab', split('aaab', cut));
      assert.equal(totalHits(r), 1, `aaab cut at ${cut}`);
    }
    // A failed partial match must fall back to the longest border, not to zero.
    assert.equal(totalHits(feedAll('abab', split('abababab', 3))), 2);
    assert.equal(totalHits(feedAll('aabaab', split('aabaabaab', 4))), 1);
    assert.equal(
      totalHits(feedAll('aab', [Buffer.from('a'), Buffer.from('a'), Buffer.from('a'), Buffer.from('b')])),
      1,
    );
  });

  it('reports every hit in one chunk, in order', () => {
    assert.deepEqual(feedAll('ab', [Buffer.from('xabyabzab')]), [[3, 6, 9]]);
  });

  it('does not count overlapping occurrences', () => {
    assert.equal(totalHits(feedAll('aa', [Buffer.from('aaaa')])), 2);
    assert.equal(totalHits(feedAll('aa', [Buffer.from('aaaaa')])), 2);
    assert.equal(totalHits(feedAll('aba', [Buffer.from('ababa')])), 1);
    // The same across a seam: the hit that ends in the second chunk uses up its first byte.
    assert.equal(totalHits(feedAll('aa', split('aaa', 1))), 1);
    assert.equal(totalHits(feedAll('aba', split('ababa', 2))), 1);
  });

  it('leaves the state alone on an empty chunk', () => {
    const s = new StreamSearch(Buffer.from('STOP'));
    let state = s.feed(0, Buffer.from('xST'));
    state = s.feed(state, Buffer.alloc(0));
    assert.equal(s.hits, 0);
    state = s.feed(state, Buffer.from('OP'));
    assert.equal(s.hits, 1);
    assert.equal(s.hitEnds[0], 2);
  });

  it('records more hits in one chunk than its initial table holds', () => {
    const r = feedAll('x', [Buffer.from('x'.repeat(1000))]);
    assert.deepEqual(r, [Array.from({ length: 1000 }, (_, i) => i + 1)]);
  });

  it('finds binary needles, including 0x00 and 0xff bytes', () => {
    const needle = Buffer.from([0, 255, 0]);
    const chunks = [Buffer.from([1, 0]), Buffer.from([255]), Buffer.from([0, 0, 255, 0, 7])];
    assert.deepEqual(feedAll(needle, chunks), naive(needle, chunks));
    assert.equal(totalHits(feedAll(needle, chunks)), 2);
  });

  it('agrees with a naive search on long random streams cut at random places', () => {
    const rand = lcg(20261124);
    for (let round = 0; round < 300; round++) {
      // A two- or three-letter alphabet makes partial matches, borders and seams frequent.
      const alphabet = round % 2 === 0 ? 'ab' : 'abc';
      const pick = (n: number) =>
        Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      const needle = Buffer.from(pick(1 + Math.floor(rand() * 6)));
      const text = pick(2000 + Math.floor(rand() * 3000));
      const cuts: number[] = [];
      for (let at = 0; at < text.length; ) {
        at += 1 + Math.floor(rand() * (round % 3 === 0 ? 4 : 200));
        if (at < text.length) cuts.push(at);
      }
      const chunks = split(text, ...cuts);
      assert.deepEqual(
        feedAll(needle, chunks),
        naive(needle, chunks),
        `round ${round}: needle ${needle} in ${chunks.length} chunks`,
      );
    }
  });
});
