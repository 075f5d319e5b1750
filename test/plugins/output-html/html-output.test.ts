import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { OutputContext, OutputPlugin, RunConfig } from 'kali';
import factory from '../../../plugins/output-html/src/index.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { fixtureResult } from './fixture-result.js';

const dir = mkdtempSync(join(tmpdir(), 'kali-html-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const plugin: OutputPlugin = factory(kaliApi);

function context(report: string | undefined): OutputContext {
  return {
    config: {} as RunConfig,
    options: { report },
    log: () => {},
    interactive: false,
    histogram: () => undefined,
    text: { write: () => {} },
    result: () => fixtureResult(),
  };
}

describe('the html output', () => {
  it('is on with --report, asks for a record per second, and declares its option', () => {
    assert.equal(plugin.name, 'html');
    assert.equal(plugin.enabled?.(context('r.html')), true);
    assert.equal(plugin.enabled?.(context(undefined)), false);
    assert.equal(plugin.intervalSeconds?.(context('r.html')), 1);
    assert.deepEqual(
      plugin.options?.map((o) => [o.name, o.type, o.valueName]),
      [['report', 'string', 'FILE.html']],
    );
  });

  it('writes the page when the result arrives', async () => {
    const file = join(dir, 'run.html');
    const out = await plugin.create(context(file));
    await out.onResult?.(fixtureResult());
    await out.close?.({ exitCode: 1 });
    const html = readFileSync(file, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<title>kali report: kali -T10s/);
  });

  it('stops the run before it starts when the file cannot be created, naming option and path', async () => {
    const file = join(dir, 'missing', 'run.html');
    await assert.rejects(
      async () => plugin.create(context(file)),
      (err: Error & { exitCode?: number }) => {
        assert.equal(err.message, `--report: cannot write ${file}: No such file or directory`);
        assert.equal(err.exitCode, 64);
        return true;
      },
    );
    await assert.rejects(
      async () => plugin.create(context(dir)),
      /--report: cannot write .*: Is a directory$/,
    );
  });

  it('refuses --output html without a file', async () => {
    await assert.rejects(
      async () => plugin.create(context(undefined)),
      (err: Error & { exitCode?: number }) => {
        assert.equal(err.message, '--output html needs --report FILE.html');
        assert.equal(err.exitCode, 64);
        return true;
      },
    );
  });

  it('leaves no empty file of its own behind after a run without a result, and keeps an older one', async () => {
    const fresh = join(dir, 'fresh.html');
    const out = await plugin.create(context(fresh));
    assert.ok(existsSync(fresh), 'the path is claimed at once');
    await out.close?.({ exitCode: 69 });
    assert.ok(!existsSync(fresh));

    const older = join(dir, 'older.html');
    writeFileSync(older, 'the last report');
    const again = await plugin.create(context(older));
    await again.close?.({ exitCode: 69 });
    assert.equal(readFileSync(older, 'utf8'), 'the last report');
  });

  it('fails in one line when the page cannot be written at the end', async () => {
    const folder = mkdtempSync(join(dir, 'gone-'));
    const file = join(folder, 'run.html');
    const out = await plugin.create(context(file));
    // The path was fine when the run started; its folder went away during the run.
    rmSync(folder, { recursive: true });
    await assert.rejects(
      async () => out.onResult?.(fixtureResult()),
      (err: Error & { exitCode?: number }) => {
        assert.equal(err.message, `--report: cannot write ${file}: No such file or directory`);
        assert.equal(err.exitCode, 1);
        return true;
      },
    );
    await out.close?.({ exitCode: 1 });
  });
});
