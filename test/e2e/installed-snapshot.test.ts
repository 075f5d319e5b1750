import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/free-port.js';
import { privateXdg } from '../helpers/private-plugins.js';
import { explain, lines, parseReport, runKali } from '../helpers/run-kali.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/options-plugin', import.meta.url));

/**
 * A load run remembers what oclif found installed and the next run starts from that memo without
 * loading oclif; a plugin linked in between must still be seen, and a damaged memo must not matter.
 */
describe('load runs that start from the memo of installed plugins', { timeout: 120_000 }, () => {
  let env: Record<string, string>;
  let memoDir: string;
  before(() => {
    env = privateXdg();
    memoDir = join(env.XDG_CACHE_HOME ?? '', 'kali');
  });

  const load = async (extra: string[] = []) => {
    const port = await freePort();
    const run = await runKali(['-T0.1s', ...extra, `-l127.0.0.1:${port}`, `127.0.0.1:${port}`], {
      timeoutMs: 20_000,
      env,
    });
    assert.equal(run.code, 0, explain(run));
    parseReport(run.stdout);
    return run;
  };
  const memo = () => {
    const files = readdirSync(memoDir).filter((f) => f.startsWith('installed-plugins-'));
    assert.equal(files.length, 1, `memo files: ${files.join(', ')}`);
    const path = join(memoDir, files[0] ?? '');
    return { path, mtimeMs: statSync(path).mtimeMs };
  };

  it('the first run writes the memo; the next one uses it as it is', async () => {
    const first = await load();
    const written = memo();
    const second = await load();
    // oclif's path rewrites the memo every time; an untouched memo means the run skipped it.
    assert.equal(memo().mtimeMs, written.mtimeMs);
    assert.deepEqual(
      lines(second.stdout).map((l) => l.replace(/[\d.]+/g, 'N')),
      lines(first.stdout).map((l) => l.replace(/[\d.]+/g, 'N')),
    );
  });

  it('a plugin linked after the memo was written is there in the next run, and the one after', async () => {
    const linked = await runKali(['plugins', 'link', '--no-install', FIXTURE], { timeoutMs: 30_000, env });
    assert.equal(linked.code, 0, explain(linked));
    for (let i = 0; i < 2; i++) {
      const run = await load(['--optecho-label', 'seen']);
      const echoed = lines(run.stderr).find((l) => l.startsWith('optecho: '));
      assert.ok(echoed?.includes('"optecho-label":"seen"'), explain(run));
    }
  });

  it('a damaged memo costs only the fast start: the run works and rewrites it', async () => {
    const { path } = memo();
    writeFileSync(path, '{"format":1,"files":');
    await load();
    const text = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(text.format, 1);
    assert.ok(text.packages.some((p: { name: string }) => p.name === 'kali-options-fixture'));
  });
});
