import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { explain, hasStackTrace, runKali } from '../helpers/run-kali.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('informational commands', { concurrency: 4 }, () => {
  it('--version prints the version, exit 0', { timeout: 15_000 }, async () => {
    const run = await runKali(['--version'], { timeoutMs: 10_000 });
    assert.equal(run.code, 0, explain(run));
    assert.equal(run.stdout, `kali version ${version}\n`, explain(run));
    assert.equal(run.stderr, '', explain(run));
  });

  // tcpkali exits with EX_USAGE after printing help (cases 01 and 02).
  for (const flag of ['-h', '--help']) {
    it(`${flag} prints usage on stdout, exit 64`, { timeout: 15_000 }, async () => {
      const run = await runKali([flag], { timeoutMs: 10_000 });
      assert.equal(run.code, 64, explain(run));
      assert.match(run.stdout, /^Usage: kali /, explain(run));
      assert.equal(run.stderr, '', explain(run));
    });
  }

  it('--help is longer than -h', { timeout: 15_000 }, async () => {
    const [short, long] = await Promise.all([
      runKali(['-h'], { timeoutMs: 10_000 }),
      runKali(['--help'], { timeoutMs: 10_000 }),
    ]);
    assert.ok(long.stdout.length > short.stdout.length, `${explain(short)}\n${explain(long)}`);
  });

  it('help lists the commands, exit 0', { timeout: 15_000 }, async () => {
    const run = await runKali(['help'], { timeoutMs: 10_000 });
    assert.equal(run.code, 0, explain(run));
    assert.match(run.stdout, /COMMANDS/, explain(run));
    assert.match(run.stdout, /\bplugins\b/, explain(run));
    assert.ok(!hasStackTrace(run.stderr), explain(run));
  });

  it('plugins runs, exit 0', { timeout: 15_000 }, async () => {
    const run = await runKali(['plugins'], { timeoutMs: 10_000 });
    assert.equal(run.code, 0, explain(run));
    assert.ok(!hasStackTrace(run.stderr), explain(run));
  });
});
