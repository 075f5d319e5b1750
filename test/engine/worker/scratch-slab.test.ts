import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScratchSlab } from '../../../src/engine/worker/scratch-slab.js';

const MiB = 1024 * 1024;

describe('ScratchSlab', { timeout: 10_000 }, () => {
  it('starts at the beginning of a 4 MiB slab', () => {
    const s = new ScratchSlab();
    assert.equal(s.buf.length, 4 * MiB);
    assert.equal(s.reserve(100), 0);
  });

  it('reuses the same bytes when the transport let go of the last write', () => {
    const s = new ScratchSlab();
    const first = s.buf;
    for (let i = 0; i < 100; i++) {
      assert.equal(s.reserve(64 * 1024), 0);
      s.settle(64 * 1024, false);
    }
    assert.equal(s.buf, first);
  });

  it('keeps a region the transport still holds and hands out the next one after it', () => {
    const s = new ScratchSlab();
    const start = s.reserve(1000);
    s.settle(start + 700, true);
    assert.equal(s.reserve(1000), 700);
    s.settle(1500, true);
    assert.equal(s.reserve(10), 1500);
  });

  it('replaces a full slab and leaves the old one (and its retained bytes) untouched', () => {
    const s = new ScratchSlab();
    const old = s.buf;
    const start = s.reserve(3 * MiB);
    old.fill(0x61, start, start + 3 * MiB);
    s.settle(3 * MiB, true);
    const next = s.reserve(2 * MiB);
    assert.equal(next, 0);
    assert.notEqual(s.buf, old);
    s.buf.fill(0x62, 0, 2 * MiB);
    assert.equal(old[0], 0x61);
    assert.equal(old[3 * MiB - 1], 0x61);
  });

  it('fits a request exactly up to the end of the slab without replacing it', () => {
    const s = new ScratchSlab();
    const old = s.buf;
    s.reserve(MiB);
    s.settle(MiB, true);
    assert.equal(s.reserve(3 * MiB), MiB);
    assert.equal(s.buf, old);
  });

  it('grows for a request larger than a slab', () => {
    const s = new ScratchSlab();
    assert.equal(s.reserve(5 * MiB), 0);
    assert.ok(s.buf.length >= 5 * MiB);
  });
});
