import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ArgSyntax,
  InlineSyntaxError,
  splitCommand,
} from '../../../plugins/protocol-redis/src/inline-syntax.js';

/** Arguments as strings, expressions shown as they were typed. */
function split(text: string): string[] {
  return splitCommand(text).map(show);
}

function show(arg: ArgSyntax): string {
  return arg
    .map((p) => (p.kind === 'bytes' ? Buffer.from(p.bytes).toString('latin1') : `<${p.source}>`))
    .join('');
}

describe('redis inline syntax', () => {
  it('splits on any white space, as redis-cli does', () => {
    assert.deepEqual(split('SET  key\tvalue\n'), ['SET', 'key', 'value']);
    assert.deepEqual(split('  PING  '), ['PING']);
  });

  it('double quotes hold spaces and redis-cli escapes', () => {
    assert.deepEqual(split('SET k "a b"'), ['SET', 'k', 'a b']);
    assert.deepEqual(split('SET k "\\n\\r\\t\\b\\a\\"\\\\\\x41\\x7a"'), ['SET', 'k', '\n\r\t\b\x07"\\Az']);
    // An \x without two hex digits is an x.
    assert.deepEqual(split('SET k "\\xZZ"'), ['SET', 'k', 'xZZ']);
    assert.deepEqual(split('SET k ""'), ['SET', 'k', '']);
  });

  it("single quotes are literal but for \\'", () => {
    assert.deepEqual(split("SET k 'a \\n \"b\" \\'c\\''"), ['SET', 'k', 'a \\n "b" \'c\'']);
    assert.deepEqual(split("SET k ''"), ['SET', 'k', '']);
  });

  it('a quote inside an argument opens quoting there; backslashes outside quotes are literal', () => {
    assert.deepEqual(split('SET k foo"bar baz"'), ['SET', 'k', 'foobar baz']);
    assert.deepEqual(split('SET k a\\nb'), ['SET', 'k', 'a\\nb']);
  });

  it('keeps bytes beyond ASCII as typed (UTF-8) and \\xHH as one byte', () => {
    const [arg] = splitCommand('"é\\xff"');
    assert.deepEqual([...(arg[0] as { bytes: Uint8Array }).bytes], [0xc3, 0xa9, 0xff]);
  });

  it('keeps \\{…} expressions whole, outside single quotes', () => {
    assert.deepEqual(split('SET key:\\{connection.uid} value'), ['SET', 'key:<\\{connection.uid}>', 'value']);
    assert.deepEqual(split('SET "k \\{connection.uid} x" v'), ['SET', 'k <\\{connection.uid}> x', 'v']);
    assert.deepEqual(split('SET k \\{re [a-z]{5}}'), ['SET', 'k', '<\\{re [a-z]{5}}>']);
    assert.deepEqual(split('SET k \\{re "}{ "}x'), ['SET', 'k', '<\\{re "}{ "}>x']);
    assert.deepEqual(split('SET k \\{re [}]}'), ['SET', 'k', '<\\{re [}]}>']);
    assert.deepEqual(split("SET k '\\{connection.uid}'"), ['SET', 'k', '\\{connection.uid}']);
    assert.deepEqual(split('SET k \\{ message.marker }'), ['SET', 'k', '<\\{ message.marker }>']);
  });

  it('refuses what redis-cli refuses, and what is not a command', () => {
    const refused = (text: string, why: RegExp) =>
      assert.throws(
        () => splitCommand(text),
        (e: unknown) => e instanceof InlineSyntaxError && why.test(e.message),
      );
    refused('', /empty command/);
    refused(' \t\n', /empty command/);
    refused('SET k "abc', /unterminated double quote/);
    refused('SET k "abc\\', /unterminated double quote/);
    refused("SET k 'abc", /unterminated single quote/);
    refused('SET k "a"b', /closing double quote must be followed by a space/);
    refused("SET k 'a'b", /closing single quote must be followed by a space/);
    refused('SET k \\{connection.uid', /unterminated \\\{ expression/);
  });
});
