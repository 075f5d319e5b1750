import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { collectPluginRefs, type InstalledPackage } from '../../src/registry/collect-plugin-refs.js';

const base = mkdtempSync(join(tmpdir(), 'kali-refs-'));
after(() => rmSync(base, { recursive: true, force: true }));

/** A package directory holding `files` (empty modules), with `kali` as its manifest. */
function pkg(name: string, kali: unknown, files: string[] = []): InstalledPackage {
  const root = join(base, name.replace(/[@/]/g, '_'));
  mkdirSync(root, { recursive: true });
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), 'export default () => ({});\n');
  }
  return { name, root, pjson: kali === undefined ? {} : { kali } };
}

const refusal = (pattern: RegExp) => (e: unknown) => e instanceof Error && pattern.test(e.message);

describe('collectPluginRefs', { timeout: 10_000 }, () => {
  it('turns each manifest entry into an absolute file: URL', () => {
    const p = pkg(
      '@kali/both',
      { transport: { quic: './dist/quic.js' }, output: { jsonl: 'dist/jsonl.js' } },
      ['dist/quic.js', 'dist/jsonl.js'],
    );
    const refs = collectPluginRefs([p]);
    assert.deepEqual(refs, [
      {
        kind: 'transport',
        name: 'quic',
        href: pathToFileURL(join(p.root, 'dist/quic.js')).href,
        packageName: '@kali/both',
      },
      {
        kind: 'output',
        name: 'jsonl',
        href: pathToFileURL(join(p.root, 'dist/jsonl.js')).href,
        packageName: '@kali/both',
      },
    ]);
  });

  it('skips packages without a "kali" field (oclif plugins that are not kali plugins)', () => {
    assert.deepEqual(collectPluginRefs([pkg('@oclif/plugin-help', undefined)]), []);
  });

  it('a later package replaces an earlier one of the same kind and name', () => {
    const builtin = pkg('@kali/transport-tcp', { transport: { tcp: './a.js' } }, ['a.js']);
    const user = pkg('kali-plugin-fast-tcp', { transport: { tcp: './b.js' } }, ['b.js']);
    const refs = collectPluginRefs([builtin, user]);
    assert.equal(refs.length, 1);
    assert.equal(refs[0].packageName, 'kali-plugin-fast-tcp');
    assert.equal(refs[0].href, pathToFileURL(join(user.root, 'b.js')).href);
  });

  it('the same name under two kinds is two capabilities', () => {
    const p = pkg('dual', { content: { x: './x.js' }, output: { x: './x.js' } }, ['x.js']);
    assert.deepEqual(
      collectPluginRefs([p]).map((r) => `${r.kind}:${r.name}`),
      ['content:x', 'output:x'],
    );
  });

  it('tolerates an empty or null capability map', () => {
    assert.deepEqual(collectPluginRefs([pkg('empty', { transport: {}, output: null })]), []);
  });

  it('refuses a "kali" field that is not an object', () => {
    for (const kali of ['./dist/index.js', 42, null, true]) {
      assert.throws(
        () => collectPluginRefs([pkg('bad-field', kali)]),
        refusal(/^Plugin bad-field: the "kali" field of package\.json must be an object$/),
        JSON.stringify(kali),
      );
    }
  });

  it('refuses an unknown kind, naming the kinds it knows', () => {
    assert.throws(
      () => collectPluginRefs([pkg('bad-kind', { protocol: { x: './x.js' } }, ['x.js'])]),
      refusal(
        /^Plugin bad-kind: unknown capability kind "protocol" \(expected transport, content, measurement, output\)$/,
      ),
    );
  });

  it('refuses a module path that is not a string', () => {
    assert.throws(
      () => collectPluginRefs([pkg('bad-path', { output: { jsonl: { path: './x.js' } } })]),
      refusal(/^Plugin bad-path: output "jsonl" must map to a module path string$/),
    );
  });

  it('refuses a module that does not exist, hinting at a missing build', () => {
    assert.throws(
      () => collectPluginRefs([pkg('unbuilt', { output: { jsonl: './dist/index.js' } })]),
      refusal(
        /^Plugin unbuilt: output "jsonl" points at \.\/dist\/index\.js, which does not exist \(is it built\?\)$/,
      ),
    );
  });

  it('refuses a kind mapped straight to a path instead of to names', {}, () => {
    // `"kali": { "transport": "./dist/index.js" }` is the easy mistake; today it is read as the
    // names "0", "1", "2"… mapping to ".", "/", "d"…, giving a nonsense "points at d" error, and
    // an array silently registers a transport named "0".
    const files = ['dist/index.js'];
    for (const entries of ['./dist/index.js', ['./dist/index.js']]) {
      assert.throws(
        () => collectPluginRefs([pkg('flat', { transport: entries }, files)]),
        (e: unknown) =>
          e instanceof Error &&
          /^Plugin flat: /.test(e.message) &&
          /transport/.test(e.message) &&
          !/points at|"0"|"2"/.test(e.message),
        JSON.stringify(entries),
      );
    }
  });
});
