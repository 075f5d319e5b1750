import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { explain, lines, runKali } from '../../helpers/run-kali.js';
import { fixtureResult } from './fixture-result.js';

const dir = mkdtempSync(join(tmpdir(), 'kali-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** `kali report …` fails with exactly this one line on stderr, nothing on stdout, and `status`. */
async function refuses(args: string[], line: string, status: number) {
  const run = await runKali(['report', ...args], { timeoutMs: 30_000 });
  assert.equal(run.code, status, explain(run));
  assert.deepEqual(lines(run.stderr), [line], explain(run));
  assert.equal(run.stdout, '', explain(run));
}

describe('kali report RESULT.json -o FILE.html', { timeout: 120_000 }, () => {
  const good = file('result.json', fixtureResult());
  const out = join(dir, 'out.html');

  it('writes the page and says nothing', async () => {
    const run = await runKali(['report', good, '-o', out], { timeoutMs: 30_000 });
    assert.equal(run.code, 0, explain(run));
    assert.equal(run.stdout + run.stderr, '', explain(run));
    assert.match(readFileSync(out, 'utf8'), /^<!DOCTYPE html>[\s\S]*<\/html>\n$/);
  });

  it('refuses a file that is missing, not JSON, or not a result, in one line naming it (65)', async () => {
    const missing = join(dir, 'nope.json');
    await refuses([missing, '-o', out], `${missing}: No such file or directory`, 65);
    const text = file('text.json', 'hello');
    await refuses(
      [text, '-o', out],
      `${text}: not JSON (Unexpected token 'h', "hello" is not valid JSON)`,
      65,
    );
    const other = file('other.json', { name: 'not a result' });
    await refuses([other, '-o', out], `${other}: not a kali result (no schemaVersion)`, 65);
    const later = file('later.json', { ...fixtureResult(), schemaVersion: '2.0' });
    await refuses(
      [later, '-o', out],
      `${later}: result schema version 2.0 is not one this kali reads (1.x); use a kali of that version`,
      65,
    );
    const cut = fixtureResult() as unknown as Record<string, unknown>;
    delete cut.traffic;
    const truncated = file('cut.json', cut);
    await refuses(
      [truncated, '-o', out],
      `${truncated}: not a kali result (traffic.bytes.in is not a number)`,
      65,
    );
  });

  it('names the metric whose histogram is damaged (65)', async () => {
    const damaged = fixtureResult();
    const m = damaged.metrics.message;
    assert.equal(m.kind, 'latency');
    m.histogram = 'HISTFAAAAB';
    const path = file('damaged.json', damaged);
    await refuses([path, '-o', out], `${path}: metric message: not an HdrHistogram (compressed base64)`, 65);
  });

  it('refuses an output it cannot write, as kali merge does (73)', async () => {
    const nowhere = join(dir, 'missing', 'out.html');
    await refuses(
      [good, '-o', nowhere],
      `kali report: cannot write ${nowhere}: No such file or directory`,
      73,
    );
    await refuses([good, '-o', dir], `kali report: cannot write ${dir}: Is a directory`, 73);
  });
});
