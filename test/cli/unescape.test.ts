import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unescapeBytes, unescapeText } from '../../src/content/unescape.js';

const bytes = (text: string): number[] => [...unescapeText(text)];
const ascii = (text: string): string => Buffer.from(unescapeText(text)).toString('latin1');

describe('tcpkali -e unescaping', () => {
  it('turns \\n \\r \\f \\b into control bytes', () => {
    assert.equal(ascii('a\\nb\\rc\\fd\\be'), 'a\nb\rc\fd\be');
  });
  it('reads \\x with one or two hex digits', () => {
    assert.deepEqual(bytes('\\x41\\x4a\\x4'), [0x41, 0x4a, 0x04]);
    assert.deepEqual(bytes('\\xff'), [0xff]);
    assert.deepEqual(bytes('\\x414'), [0x41, 0x34]);
    assert.equal(ascii('\\xg'), 'xg');
  });
  it('reads \\0 with up to three more octal digits', () => {
    assert.deepEqual(bytes('\\0'), [0]);
    assert.deepEqual(bytes('\\0c'), [0, 0x63]);
    assert.deepEqual(bytes('\\0101'), [0x41]);
    assert.deepEqual(bytes('\\01011'), [0x41, 0x31]);
    assert.deepEqual(bytes('\\08'), [0, 0x38]);
  });
  it('keeps \\\\ as two backslashes and drops the backslash elsewhere', () => {
    assert.equal(ascii('\\\\d'), '\\\\d');
    assert.equal(ascii('a\\tb'), 'atb');
    assert.equal(ascii('\\101'), '101');
    assert.equal(ascii('\\e'), 'e');
    assert.equal(ascii('\\|'), '|');
  });
  it('matches case-59', () => {
    // -em 'a\tb\|\x41\x4a\|\101\0c\|\\d\|\e'
    assert.equal(ascii('a\\tb\\|\\x41\\x4a\\|\\101\\0c\\|\\\\d\\|\\e'), 'atb|AJ|101\0c|\\\\d|e');
  });
  it('leaves a trailing backslash and plain text alone', () => {
    assert.equal(ascii('abc\\'), 'abc\\');
    assert.equal(ascii('plain'), 'plain');
    assert.deepEqual([...unescapeBytes(new Uint8Array([0xc3, 0xa9]))], [0xc3, 0xa9]);
  });
});
