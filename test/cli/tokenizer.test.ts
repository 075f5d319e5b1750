import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Token, tokenize } from '../../src/cli/tokenizer.js';
import { UsageError } from '../../src/errors/index.js';

/** Tokens as compact strings: `id=value`, `id`, or `@positional`. */
function tokens(...argv: string[]): string[] {
  return [...tokenize(argv)].map((t: Token) =>
    t.type === 'positional' ? `@${t.value}` : t.value === undefined ? t.spec.id : `${t.spec.id}=${t.value}`,
  );
}

/** getopt's line and tcpkali's, exit 64, and no usage screen (kali's deliberate difference). */
function refused(argv: string[], message: string): void {
  assert.throws(
    () => [...tokenize(argv)],
    (e: unknown) =>
      e instanceof UsageError && e.message === message && e.exitCode === 64 && e.usage === undefined,
  );
}

describe('tokenize (getopt_long)', () => {
  it('reads long options with = and with a separate value', () => {
    assert.deepEqual(tokens('--duration=1s', '--connections', '5'), ['duration=1s', 'connections=5']);
    assert.deepEqual(tokens('--message='), ['message=']);
  });
  it('expands unique prefixes', () => {
    assert.deepEqual(tokens('--dura', '1', '--connecti=3', '--web'), [
      'duration=1',
      'connections=3',
      'websocket',
    ]);
  });
  it('prefers exact names over longer ones', () => {
    assert.deepEqual(tokens('--dump-all', '--ssl', '--message', 'x'), ['dump-all', 'ssl', 'message=x']);
  });
  it('treats --ws and --websocket as one option', () => {
    assert.deepEqual(tokens('--ws', '--websocket', '--webs'), ['websocket', 'websocket', 'websocket']);
  });
  it('bundles short options and attached values', () => {
    assert.deepEqual(tokens('-em', 'x'), ['unescape-message-args', 'message=x']);
    assert.deepEqual(tokens('-c10k', '-T1s', '-l8080'), [
      'connections=10k',
      'duration=1s',
      'listen-port=8080',
    ]);
    assert.deepEqual(tokens('-vvv'), ['verbose', 'verbose', 'verbose']);
    assert.deepEqual(tokens('-dem', 'x'), ['dump-one', 'unescape-message-args', 'message=x']);
    assert.deepEqual(tokens('-1', 'hello', '-1hi'), ['first-message=hello', 'first-message=hi']);
  });
  it('takes a value even when it starts with a dash', () => {
    assert.deepEqual(tokens('-m', '-x', '-m', '--help', '--message', '-1'), [
      'message=-x',
      'message=--help',
      'message=-1',
    ]);
    assert.deepEqual(tokens('-c', '-5'), ['connections=-5']);
  });
  it('keeps positionals wherever they are, and stops at --', () => {
    assert.deepEqual(tokens('h:1', '-c2', 'h:2', '--', '-m', '--x'), [
      '@h:1',
      'connections=2',
      '@h:2',
      '@-m',
      '@--x',
    ]);
    assert.deepEqual(tokens('-', ''), ['@-', '@']);
  });
  it('reports unknown options like getopt', () => {
    refused(['--foo', '-T1s'], "kali: unrecognized option '--foo'\n--foo: unknown option");
    refused(['--foo=bar'], "kali: unrecognized option '--foo=bar'\n--foo=bar: unknown option");
    refused(['-x'], "kali: invalid option -- 'x'\n-x: unknown option");
  });
  it('suggests the option a mistyped long name was probably meant to be', () => {
    refused(
      ['--conections', '10'],
      "kali: unrecognized option '--conections'\n--conections: unknown option; did you mean --connections? (kali --help lists them all)",
    );
    refused(
      ['--druation=1s'],
      "kali: unrecognized option '--druation=1s'\n--druation=1s: unknown option; did you mean --duration? (kali --help lists them all)",
    );
    refused(
      ['--connection-rate', '5'],
      "kali: unrecognized option '--connection-rate'\n--connection-rate: unknown option; did you mean --connect-rate? (kali --help lists them all)",
    );
    // Hidden options are recognised but never suggested.
    refused(['--servr', 'h:1'], "kali: unrecognized option '--servr'\n--servr: unknown option");
  });
  it('reports ambiguous prefixes with the possibilities in table order', () => {
    refused(
      ['--mess', 'Z'],
      "kali: option '--mess' is ambiguous; possibilities: '--message' '--message-file' '--message-rate' '--message-stop' '--message-marker'\n--mess: unknown option",
    );
    refused(
      ['--w', '1'],
      "kali: option '--w' is ambiguous; possibilities: '--write-combine' '--workers' '--ws' '--websocket'\n--w: unknown option",
    );
  });
  it('reports missing and unexpected values', () => {
    refused(['-c'], "kali: option requires an argument -- 'c'\n-c: unknown option");
    refused(['-dc'], "kali: option requires an argument -- 'c'\n-dc: unknown option");
    refused(['--connecti'], "kali: option '--connections' requires an argument\n--connecti: unknown option");
    refused(['--ssl=yes'], "kali: option '--ssl' doesn't allow an argument\n--ssl=yes: unknown option");
  });
  it('reports errors only when reaching them', () => {
    const gen = tokenize(['--help', '--foo']);
    assert.equal((gen.next().value as Token & { type: 'option' }).spec.id, 'help');
    assert.throws(() => gen.next(), UsageError);
  });
});
