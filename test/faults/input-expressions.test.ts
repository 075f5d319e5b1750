import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { errorLines, explain, hasStackTrace, type KaliRun, runKali } from '../helpers/run-kali.js';

/**
 * Expressions nested far too deep, typed or read from a file, get the one-line answer every
 * expression error gets (option, value cut short, position; exit 1), never a stack overflow.
 */
const dir = mkdtempSync(join(tmpdir(), 'kali-input-expr-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const deepRaw = `\\{${'raw {'.repeat(5000)}raw "x"${'}'.repeat(5001)}`;
const deepGroups = `\\{re ${'('.repeat(3000)}a${')'.repeat(3000)}}`;

async function loopback(...args: string[]): Promise<string[]> {
  const port = await freePort();
  return ['-T10s', ...args, `-l127.0.0.1:${port}`, `127.0.0.1:${port}`];
}

function refused(run: KaliRun, line: RegExp): void {
  assert.equal(run.code, 1, explain(run));
  assert.ok(!hasStackTrace(run.stderr), explain(run));
  assert.doesNotMatch(run.stderr, /call stack/i, explain(run));
  const errors = errorLines(run.stderr);
  assert.equal(errors.length, 1, explain(run));
  assert.match(errors[0], line, explain(run));
  assert.ok(errors[0].length < 300, `a ${errors[0].length}-character line`);
  assert.ok(run.elapsedMs < 5_000, explain(run));
}

describe('deeply nested expressions', { timeout: 60_000 }, () => {
  it('raw {…} 5,000 deep in -m', async () => {
    const run = await runKali(await loopback('-m', deepRaw), { timeoutMs: 15_000 });
    refused(
      run,
      /^--message='\\\{raw \{raw .*\.\.\.': expressions nested more than 100 deep at character 507$/,
    );
  });

  it('groups 3,000 deep in a regular expression in -1', async () => {
    const run = await runKali(await loopback('-1', deepGroups), { timeoutMs: 15_000 });
    refused(
      run,
      /^--first-message='\\\{re \(\(\(.*\.\.\.': groups nested more than 100 deep in regular expression at character 106$/,
    );
  });

  it('the same from a message file names the option and the file', async () => {
    const path = join(dir, 'deep.txt');
    writeFileSync(path, deepRaw);
    const run = await runKali(await loopback('-f', path), { timeoutMs: 15_000 });
    refused(
      run,
      new RegExp(`^--message-file='${path}': expressions nested more than 100 deep at character 507$`),
    );
  });
});
