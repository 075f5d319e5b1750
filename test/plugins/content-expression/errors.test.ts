import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, compileError } from './helpers.js';

/** Each refusal: exit status 1, one line naming option and value, the position where reading stopped. */
const CASES: [string, string | undefined][] = [
  [
    '\\{foo}',
    `--message='\\{foo}': unknown expression "foo" at character 3 (expected connection.uid, connection.ptr, message.marker, re, connection.re, global.re, raw, ws.*, <file>)`,
  ],
  [
    '\\{re [a-}',
    `--message='\\{re [a-}': unterminated character class at character 9 (expected a character, a range or "]")`,
  ],
  [
    '\\{ws.binary rsv1 "b"}',
    `--message='\\{ws.binary rsv1 "b"}': quoted string "b" after the flags of ws.binary at character 18 (expected the payload before ..., rsv1, rsv2 and rsv3)`,
  ],
  ['\\{connection.uid % 0}', `--message='\\{connection.uid % 0}': modulo by zero at character 20`],
  [
    'abc\\{connection.uid',
    `--message='abc\\{connection.uid': unterminated expression starting at character 4 (expected "}")`,
  ],
  [
    '\\{}',
    `--message='\\{}': empty expression at character 3 (expected connection.uid, connection.ptr, message.marker, re, connection.re, global.re, raw, ws.*, <file>)`,
  ],
  [
    '\\{ws.foo}',
    `--message='\\{ws.foo}': unknown WebSocket frame type "ws.foo" at character 3 (expected ws.text, ws.binary, ws.close, ws.ping, ws.pong, ws.cont, ws.continuation)`,
  ],
  [
    '\\{message.marker % 3}',
    `--message='\\{message.marker % 3}': "%" applies only to connection.uid and connection.ptr, not to message.marker at character 18`,
  ],
  [
    '\\{connection.uid % x}',
    `--message='\\{connection.uid % x}': unexpected "x" at character 20 (expected a whole number after "%")`,
  ],
  ['\\{connection.uid x}', `--message='\\{connection.uid x}': unexpected "x" at character 18 (expected "}")`],
  [
    '\\{re }',
    `--message='\\{re }': empty regular expression at character 6 (expected a character, "[" or "(")`,
  ],
  ['\\{re a**}', `--message='\\{re a**}': nothing to repeat before "*" in regular expression at character 8`],
  [
    '\\{re (ab}',
    `--message='\\{re (ab}': unclosed group in regular expression at character 9 (expected ")")`,
  ],
  ['\\{re ab)}', `--message='\\{re ab)}': unmatched ")" in regular expression at character 8`],
  ['\\{re [z-a]}', `--message='\\{re [z-a]}': character range out of order at character 7`],
  ['\\{re []}', `--message='\\{re []}': empty character class at character 6`],
  [
    '\\{re a{3,2}}',
    `--message='\\{re a{3,2}}': repeat count {3,2} has its minimum above its maximum at character 7`,
  ],
  ['\\{re a{,2}}', `--message='\\{re a{,2}}': missing repeat count at character 8 (expected a whole number)`],
  ['\\{re a{99999}}', `--message='\\{re a{99999}}': repeat count above 65535 at character 8`],
  [
    '\\{re a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q}',
    `--message='\\{re a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q}': more than 16 alternatives in regular expression at character 37`,
  ],
  ['\\{re a}', undefined],
  [
    '\\{raw 5}',
    `--message='\\{raw 5}': unexpected "5" at character 7 (expected a "quoted string", <file> or {expression} after raw)`,
  ],
  ['\\{raw "x}', `--message='\\{raw "x}': unterminated quoted string at character 7`],
  ['\\{<abc}', `--message='\\{<abc}': unterminated file name at character 3 (expected ">")`],
  ['\\{<>}', `--message='\\{<>}': empty file name at character 4`],
  [
    '\\{re ((((a)))}',
    `--message='\\{re ((((a)))}': unclosed group in regular expression at character 14 (expected ")")`,
  ],
  [
    `\\{re ${'[ab]'.repeat(17)}}`,
    `--message='\\{re ${'[ab]'.repeat(17)}}': more than 16 pieces in regular expression at character 70`,
  ],
  ['\\{re abcdefghijklmnopqrstuvwxyz0123456789}', undefined],
];

describe('expression errors', () => {
  for (const [input, message] of CASES) {
    if (message === undefined) {
      it(`accepts ${input}, close to the limits`, () => assert.ok(compile(input)));
      continue;
    }
    it(`refuses ${input}`, () => {
      const err = compileError(input);
      assert.equal(err.exitCode, 1);
      assert.equal(err.message, message);
    });
  }

  it('names the option and keeps the line single even when the value spans lines', () => {
    const err = compileError('a\nb\\{nope}', { option: 'first-message' });
    assert.equal(err.message.split('\n').length, 1, 'one line');
    assert.match(
      err.message,
      /^--first-message='a\\nb\\\{nope\}': unknown expression "nope" at character 6 /,
    );
  });

  it('counts characters, not bytes, in the position', () => {
    assert.match(compileError('héllo\\{x}').message, / at character 8 /);
  });

  it("reports an unreadable file with tcpkali's wording", () => {
    const err = compileError('\\{</nonexistent/kali>}');
    assert.equal(err.exitCode, 1);
    assert.equal(err.message, `Can't open "/nonexistent/kali": No such file or directory`);
    assert.equal(
      compileError('\\{ws.text <"/nonexistent/q">}').message,
      `Can't open "/nonexistent/q": No such file or directory`,
    );
  });

  it('refuses a message that could exceed 16 MiB', () => {
    const err = compileError('\\{re (a{65535}){300}}');
    assert.equal(err.exitCode, 1);
    assert.match(
      err.message,
      /one message may reach 19660500 bytes, more than the 16777216 kali allows at character 3$/,
    );
  });
});
