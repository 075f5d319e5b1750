import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fileFactory from '../../plugins/content-file/src/index.js';
import literalFactory from '../../plugins/content-literal/src/index.js';
import { type CommandLine, parseCommandLine } from '../../src/cli/parse-command-line.js';
import { type CompiledContent, compileContent } from '../../src/content/compile-content.js';
import { KaliError } from '../../src/errors/index.js';
import type { ContentPlugin } from '../../src/interfaces/content.js';
import { kaliApi } from '../helpers/kali-api.js';

const dir = mkdtempSync(join(tmpdir(), 'kali-content-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

// The built-in content plugins, highest priority first, as plugin selection orders them.
const BUILT_IN: ContentPlugin[] = [fileFactory(kaliApi), literalFactory(kaliApi)];

/** Content of a real command line, compiled the way a run does it. */
async function compile(args: string[], plugins = BUILT_IN): Promise<CompiledContent> {
  const parsed = (await parseCommandLine([...args, '127.0.0.1:1'], { cpus: 2 })) as Extract<
    CommandLine,
    { action: 'run' }
  >;
  assert.equal(parsed.action, 'run');
  return compileContent(parsed.config, plugins, 'client');
}

const text = (templates: { bytes?: Uint8Array }[]) =>
  templates.map((t) => Buffer.from(t.bytes ?? []).toString('latin1'));

function failsWith(exitCode: number, message: string | RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof KaliError, String(e));
    assert.equal(e.exitCode, exitCode);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  };
}

describe('compileContent with the literal and file plugins', { timeout: 10_000 }, () => {
  it('sorts arguments by role, keeping command-line order within each', async () => {
    const c = await compile(['-m', 'one', '-1', 'hello', '-m', 'two', '-1', 'again']);
    assert.deepEqual(text(c.message), ['one', 'two']);
    assert.deepEqual(text(c.first), ['hello', 'again']);
    assert.deepEqual(c.header, []);
    assert.equal(c.latencyMarker, undefined);
  });

  it('static templates: bytes and maxLength agree', async () => {
    const [t] = (await compile(['-m', 'hello'])).message;
    assert.equal(t.maxLength, 5);
    assert.equal(t.bind, undefined);
  });

  it('-e unescapes only the arguments after it (case-111/112)', async () => {
    const c = await compile(['-m', 'a\\nb', '-e', '-m', 'c\\nd', '-1', '\\x41\\0']);
    assert.deepEqual(text(c.message), ['a\\nb', 'c\nd']);
    assert.deepEqual(text(c.first), ['A\0']);
  });

  it('-f and --first-message-file read the files, byte for byte', async () => {
    const body = file('body.bin', Uint8Array.from([0x00, 0xff, 0x0a, 0x41]));
    const first = file('first.txt', 'FIRST');
    const c = await compile(['--first-message-file', first, '-f', body, '-m', 'tail']);
    assert.deepEqual(text(c.first), ['FIRST']);
    assert.deepEqual(text(c.message), ['\x00\xff\nA', 'tail']);
  });

  it('-e applies to file contents too, as tcpkali passes its flag for files', async () => {
    const escaped = file('escaped.txt', 'x\\x41\\n');
    assert.deepEqual(text((await compile(['-f', escaped])).message), ['x\\x41\\n']);
    assert.deepEqual(text((await compile(['-e', '-f', escaped])).message), ['xA\n']);
  });

  it('an unreadable message file stops the run with exit 65 (case-40)', async () => {
    const missing = join(dir, 'missing.txt');
    await assert.rejects(compile(['-f', missing]), failsWith(65, `${missing}: No such file or directory`));
    await assert.rejects(
      compile(['--first-message-file', missing]),
      failsWith(65, `${missing}: No such file or directory`),
    );
  });

  it('an expression needs an expression plugin: refused with exit 1', async () => {
    await assert.rejects(
      compile(['-m', 'x\\{connection.uid}']),
      failsWith(1, /^--message=x\\\{connection\.uid\}: expressions .* none is installed$/),
    );
    await assert.rejects(compile(['-1', '\\{re [a-z]+}']), failsWith(1, /^--first-message=/));
  });

  it('an expression inside a message file is refused the same way', async () => {
    const expr = file('expr.txt', 'id=\\{connection.uid}');
    await assert.rejects(compile(['-f', expr]), failsWith(1, /^--message-file=.*expressions/));
  });

  it('a backslash not followed by { is plain content', async () => {
    assert.deepEqual(text((await compile(['-m', 'a\\b{c}'])).message), ['a\\b{c}']);
  });

  it('without a file plugin, -f cannot be read: exit 65', async () => {
    const body = file('orphan.txt', 'x');
    await assert.rejects(
      compile(['-f', body], [literalFactory(kaliApi)]),
      failsWith(65, `--message-file=${body}: no content plugin can read it`),
    );
  });

  it('without any compiler, content is refused with exit 1', async () => {
    await assert.rejects(
      compile(['-m', 'x'], [fileFactory(kaliApi)]),
      failsWith(1, '--message=x: no content plugin accepts this content'),
    );
  });
});
