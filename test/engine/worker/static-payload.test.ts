import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompiledContent } from '../../../src/content/compile-content.js';
import { BULK_WRITE_BYTES, StaticPayload } from '../../../src/engine/worker/static-payload.js';
import type { MessageTemplate } from '../../../src/interfaces/content.js';

const fixed = (text: string): MessageTemplate => {
  const bytes = Buffer.from(text);
  return { bytes, maxLength: bytes.length };
};

function content(first: MessageTemplate[], message: MessageTemplate[]): CompiledContent {
  return { first, message, header: [] };
}

describe('StaticPayload', { timeout: 10_000 }, () => {
  it('sends nothing when there is no content', () => {
    const p = new StaticPayload(content([], []));
    assert.equal(p.first, undefined);
    assert.equal(p.bulk, undefined);
    assert.equal(p.messagesPerBulk, 0);
  });

  it('joins the first messages, in order, into one write', () => {
    const p = new StaticPayload(content([fixed('GET '), fixed('/ HTTP/1.0\r\n\r\n')], []));
    assert.equal(p.first?.toString(), 'GET / HTTP/1.0\r\n\r\n');
    assert.equal(p.bulk, undefined);
  });

  it('repeats the message unit until one write carries at least BULK_WRITE_BYTES', () => {
    const p = new StaticPayload(content([], [fixed('hello')]));
    const copies = Math.ceil(BULK_WRITE_BYTES / 5);
    assert.equal(p.messagesPerBulk, copies);
    assert.equal(p.unitLength, 5);
    assert.equal(p.bulk?.length, 5 * copies);
    assert.ok((p.bulk?.length ?? 0) >= BULK_WRITE_BYTES);
    assert.equal(p.bulk?.toString(), 'hello'.repeat(copies));
  });

  it('makes all -m of a command line one unit, whole units only', () => {
    const p = new StaticPayload(content([fixed('first')], [fixed('ab'), fixed('cde')]));
    assert.equal(p.unitLength, 5);
    assert.equal(p.bulk?.subarray(0, 15).toString(), 'abcdeabcdeabcde');
    assert.equal((p.bulk?.length ?? 0) % 5, 0);
    assert.equal(p.first?.toString(), 'first');
  });

  it('uses an exact number of copies when the unit divides BULK_WRITE_BYTES', () => {
    const p = new StaticPayload(content([], [fixed('x'.repeat(1024))]));
    assert.equal(p.messagesPerBulk, BULK_WRITE_BYTES / 1024);
    assert.equal(p.bulk?.length, BULK_WRITE_BYTES);
  });

  it('keeps a unit larger than BULK_WRITE_BYTES as a single copy', () => {
    const big = 'y'.repeat(BULK_WRITE_BYTES + 1);
    const p = new StaticPayload(content([], [fixed(big)]));
    assert.equal(p.messagesPerBulk, 1);
    assert.equal(p.bulk?.length, big.length);
  });

  it('an empty -m repeats nothing (tcpkali case-83 sends no data)', () => {
    const p = new StaticPayload(content([], [fixed('')]));
    assert.equal(p.bulk, undefined);
  });

  it('messages(k) is the first k whole messages, made once and reused', () => {
    const p = new StaticPayload(content([], [fixed('abc')]));
    assert.equal(p.messages(1).toString(), 'abc');
    assert.equal(p.messages(3).toString(), 'abcabcabc');
    assert.equal(p.messages(p.messagesPerBulk).length, p.bulk?.length);
    assert.equal(p.messages(3), p.messages(3));
    // A view, not a copy: sending it costs no allocation.
    assert.equal(p.messages(2).buffer, p.bulk?.buffer);
  });
});
