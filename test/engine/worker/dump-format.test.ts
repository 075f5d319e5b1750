import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dumpLine, escapeForDump } from '../../../src/engine/worker/dump-format.js';

/**
 * tcpkali's escaping of one byte, written from behavior §5 independently of the code under
 * test: printable ASCII verbatim (backslash doubled), CR and LF as C escapes, anything else
 * as two lowercase hex digits.
 */
function expectedByte(b: number, isLast: boolean): string {
  if (b === 0x5c) return '\\\\';
  if (b === 0x0d) return '\\r';
  if (b === 0x0a) return isLast ? '\\n' : '\\n\n\t';
  if (b >= 0x20 && b <= 0x7e) return String.fromCharCode(b);
  return `\\x${b.toString(16).padStart(2, '0')}`;
}

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('escapeForDump', { timeout: 10_000 }, () => {
  it('escapes every byte value 0..255 on its own as tcpkali does', () => {
    for (let b = 0; b < 256; b++) {
      assert.equal(escapeForDump(bytes(b)), expectedByte(b, true), `byte 0x${b.toString(16)}`);
    }
  });

  it('escapes every byte value in the middle of data', () => {
    for (let b = 0; b < 256; b++) {
      const got = escapeForDump(bytes(0x41, b, 0x42));
      assert.equal(got, `A${expectedByte(b, false)}B`, `byte 0x${b.toString(16)}`);
    }
  });

  it('escapes all 256 bytes in one buffer', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const expected = [...all].map((b, i) => expectedByte(b, i === 255)).join('');
    assert.equal(escapeForDump(all), expected);
  });

  it('pins a few spellings a reader would check by eye', () => {
    assert.equal(escapeForDump(Buffer.from('a\\b"c')), 'a\\\\b"c');
    assert.equal(escapeForDump(Buffer.from('GET / HTTP/1.0\r\n\r\n')), 'GET / HTTP/1.0\\r\\n\n\t\\r\\n');
    assert.equal(escapeForDump(bytes(0x0a, 0x0a)), '\\n\n\t\\n');
    assert.equal(escapeForDump(bytes(0x09, 0x1b, 0x7f, 0x80, 0xab, 0xff)), '\\x09\\x1b\\x7f\\x80\\xab\\xff');
    assert.equal(escapeForDump(bytes()), '');
  });

  it('uses lowercase hex only', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.doesNotMatch(escapeForDump(all), /\\x[0-9a-f]?[A-F]/);
  });
});

describe('dumpLine', { timeout: 10_000 }, () => {
  it('prints direction, descriptor and length with plain brackets off a terminal', () => {
    assert.equal(dumpLine('Snd', 17, Buffer.from('hello'), false), 'Snd(17, 5): [hello]');
    assert.equal(dumpLine('Rcv', 9, Buffer.from('a\nb'), false), 'Rcv(9, 3): [a\\n\n\tb]');
    assert.equal(dumpLine('Snd', 3, bytes(), false), 'Snd(3, 0): []');
  });

  it('counts bytes, not characters of the escaped text', () => {
    assert.equal(dumpLine('Snd', 5, bytes(0, 1, 2), false), 'Snd(5, 3): [\\x00\\x01\\x02]');
  });

  it('paints the brackets only, Snd red and Rcv blue, reset with xterm sgr0', () => {
    // The reset `ESC ( B ESC [ m` is what tcpkali's terminfo emits (case-103 shows it after WARNING).
    const reset = '\x1b(B\x1b[m';
    assert.equal(
      dumpLine('Snd', 4, Buffer.from('x\\'), true),
      `Snd(4, 2): \x1b[31m[${reset}x\\\\\x1b[31m]${reset}`,
    );
    assert.equal(
      dumpLine('Rcv', 4, Buffer.from('y'), true),
      `Rcv(4, 1): \x1b[34m[${reset}y\x1b[34m]${reset}`,
    );
  });
});
