import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MAX_NESTING } from '../../../plugins/content-expression/src/limits.js';
import { compile, compileError, renderOnce } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kali-expr-limits-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** `\{raw {raw … {raw "x"} … }}` with `depth` braces inside the outer `\{`. */
const nestedRaw = (depth: number) => `\\{${'raw {'.repeat(depth)}raw "x"${'}'.repeat(depth + 1)}`;
/** `\{re ((…(a)…))}` with `depth` groups. */
const nestedGroups = (depth: number) => `\\{re ${'('.repeat(depth)}a${')'.repeat(depth)}}`;

describe('nesting', () => {
  it(`accepts ${MAX_NESTING} levels of raw {…}, far more than any real message uses`, () => {
    assert.equal(Buffer.from(compile(nestedRaw(MAX_NESTING)).bytes!).toString(), 'x');
  });

  it('refuses one more, naming the option and where the level starts', () => {
    const err = compileError(nestedRaw(MAX_NESTING + 1));
    assert.equal(err.exitCode, 1);
    // `\{` is 2 characters, each `raw {` 5: the 101st brace is character 2 + 100 * 5 + 5.
    assert.match(
      err.message,
      /^--message='\\\{raw \{raw .*\.\.\.': expressions nested more than 100 deep at character 507$/,
    );
  });

  it('answers a 5,000-deep value with one short line, not a stack overflow', () => {
    const err = compileError(nestedRaw(5000), { option: 'first-message' });
    assert.equal(err.exitCode, 1);
    assert.match(
      err.message,
      /^--first-message='.*': expressions nested more than 100 deep at character 507$/,
    );
    assert.ok(err.message.length < 300, `${err.message.length} characters`);
  });

  it(`accepts ${MAX_NESTING} nested groups in a regular expression and refuses more`, () => {
    assert.equal(renderOnce(compile(nestedGroups(MAX_NESTING))).toString(), 'a');
    const err = compileError(nestedGroups(MAX_NESTING + 1));
    assert.equal(err.exitCode, 1);
    // `\{re ` is 5 characters; the 101st "(" is character 106.
    assert.match(err.message, /: groups nested more than 100 deep in regular expression at character 106$/);
    const deep = compileError(nestedGroups(3000));
    assert.match(
      deep.message,
      /^--message='.*\.\.\.': groups nested more than 100 deep in regular expression at character 106$/,
    );
  });
});

describe('sizes', () => {
  it('refuses a global pattern too long to generate, with its position, before allocating it', () => {
    const err = compileError('x\\{global.re ((a{65535}){65535}){65535}}');
    assert.equal(err.exitCode, 1);
    assert.equal(
      err.message,
      "--message='x\\{global.re ((a{65535}){65535}){65535}}': one message may reach 281462092005375 bytes, more than the 16777216 kali allows at character 4",
    );
    assert.match(
      compileError('\\{connection.re (a{65535}){300}}').message,
      /one message may reach 19660500 bytes, more than the 16777216 kali allows at character 3$/,
    );
  });

  it('stops reading an endless device inside an expression', () => {
    const err = compileError('\\{< /dev/zero >}');
    assert.equal(err.exitCode, 1);
    assert.equal(
      err.message,
      `Can't open "/dev/zero": larger than 16 MiB, the most kali reads from one file`,
    );
  });

  it('refuses files that together exceed one message, at the file that tips it over', () => {
    const big = join(dir, 'six-mib');
    writeFileSync(big, Buffer.alloc(6 * 1024 * 1024, 0x61));
    const text = `\\{<${big}>}\\{<${big}>}\\{<${big}>}`;
    const err = compileError(text);
    assert.equal(err.exitCode, 1);
    // Each `\{<name>}` takes 5 characters besides the name; the third `<` follows two of them and `\{`.
    const third = 2 * (5 + big.length) + 3;
    assert.match(
      err.message,
      new RegExp(
        `: files add up to more than the 16777216 bytes one message may hold at character ${third}$`,
      ),
    );
    assert.equal(compile(`\\{<${big}>}\\{<${big}>}`).maxLength, 12 * 1024 * 1024);
  });
});

describe('file names', () => {
  it('ignores spaces around an unquoted name, as tcpkali does', () => {
    const file = join(dir, 'spaced');
    writeFileSync(file, 'SPACED');
    assert.equal(Buffer.from(compile(`[\\{<  ${file} \t>}]`).bytes!).toString(), '[SPACED]');
    assert.equal(Buffer.from(compile(`\\{raw < ${file} >}`).bytes!).toString(), 'SPACED');
    // An empty masked binary frame: nothing between the spaces but /dev/null.
    assert.deepEqual(
      Buffer.from(compile('\\{ws.binary < /dev/null >}').bytes!),
      Buffer.from([0x82, 0x80, 0, 0, 0, 0]),
    );
  });

  it('keeps spaces inside the name, and inside quotes', () => {
    const file = join(dir, 'a name');
    writeFileSync(file, 'INNER');
    assert.equal(Buffer.from(compile(`\\{< ${file} >}`).bytes!).toString(), 'INNER');
    const trailing = join(dir, 'trailing ');
    writeFileSync(trailing, 'QUOTED');
    assert.equal(Buffer.from(compile(`\\{<"${trailing}">}`).bytes!).toString(), 'QUOTED');
  });
});
