import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { PluginRef } from '../../src/interfaces/plugin.js';
import { apiVersionProblem } from '../../src/registry/api-version.js';
import { collectPluginRefs, type InstalledPackage } from '../../src/registry/collect-plugin-refs.js';
import { API_VERSION } from '../../src/registry/kali-api.js';
import { loadCatalog } from '../../src/registry/plugin-catalog.js';

const base = mkdtempSync(join(tmpdir(), 'kali-refs-'));
after(() => rmSync(base, { recursive: true, force: true }));

/**
 * A package directory holding `files` (empty modules), with `kali` as its manifest; an object
 * manifest gets the host's API version unless it names one (or `apiVersion: undefined`).
 */
function pkg(name: string, kali: unknown, files: string[] = []): InstalledPackage {
  const root = join(base, name.replace(/[@/]/g, '_'));
  mkdirSync(root, { recursive: true });
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), 'export default () => ({});\n');
  }
  const manifest =
    typeof kali === 'object' && kali !== null && !Array.isArray(kali) ? { apiVersion: '1.0', ...kali } : kali;
  return { name, root, pjson: kali === undefined ? {} : { kali: manifest } };
}

const keys = (refs: { kind: string; name: string }[]) => refs.map((r) => `${r.kind}:${r.name}`);
const reasons = (c: ReturnType<typeof collectPluginRefs>) =>
  c.broken.map((b) => `${b.ref.packageName} ${b.ref.kind}:${b.ref.name}: ${b.reason}`);

describe('collectPluginRefs', { timeout: 10_000 }, () => {
  it('turns each manifest entry into an absolute file: URL', () => {
    const p = pkg(
      '@kali/both',
      { transport: { quic: './dist/quic.js' }, output: { jsonl: 'dist/jsonl.js' } },
      ['dist/quic.js', 'dist/jsonl.js'],
    );
    const { refs, broken, problems } = collectPluginRefs([p]);
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
    assert.deepEqual(broken, []);
    assert.deepEqual(problems, []);
  });

  it('knows every kind of the API, protocol included', () => {
    const p = pkg('kali-plugin-line', { protocol: { line: './p.js' } }, ['p.js']);
    assert.deepEqual(keys(collectPluginRefs([p]).refs), ['protocol:line']);
  });

  it('skips packages without a "kali" field (oclif plugins that are not kali plugins)', () => {
    assert.deepEqual(collectPluginRefs([pkg('@oclif/plugin-help', undefined)]), {
      refs: [],
      broken: [],
      problems: [],
    });
  });

  it('a later package replaces an earlier one of the same kind and name', () => {
    const builtin = pkg('@kali/transport-tcp', { transport: { tcp: './a.js' } }, ['a.js']);
    const user = pkg('kali-plugin-fast-tcp', { transport: { tcp: './b.js' } }, ['b.js']);
    const { refs } = collectPluginRefs([builtin, user]);
    assert.equal(refs.length, 1);
    assert.equal(refs[0].packageName, 'kali-plugin-fast-tcp');
    assert.equal(refs[0].href, pathToFileURL(join(user.root, 'b.js')).href);
  });

  it('a broken later package replaces nothing, and is reported', () => {
    const builtin = pkg('@kali/transport-tcp2', { transport: { tcp: './a.js' } }, ['a.js']);
    const unbuilt = pkg('kali-plugin-unbuilt-tcp', { transport: { tcp: './dist/index.js' } });
    const c = collectPluginRefs([builtin, unbuilt]);
    assert.deepEqual(
      c.refs.map((r) => r.packageName),
      ['@kali/transport-tcp2'],
    );
    assert.deepEqual(reasons(c), [
      'kali-plugin-unbuilt-tcp transport:tcp: ./dist/index.js does not exist (is the package built?)',
    ]);
  });

  it('a working later package makes an earlier broken one irrelevant', () => {
    const unbuilt = pkg('kali-plugin-old-x', { output: { x: './dist/index.js' } });
    const fixed = pkg('kali-plugin-new-x', { output: { x: './x.js' } }, ['x.js']);
    const c = collectPluginRefs([unbuilt, fixed]);
    assert.deepEqual(keys(c.refs), ['output:x']);
    assert.deepEqual(c.broken, []);
  });

  it('the same name under two kinds is two capabilities', () => {
    const p = pkg('dual', { content: { x: './x.js' }, output: { x: './x.js' } }, ['x.js']);
    assert.deepEqual(keys(collectPluginRefs([p]).refs), ['content:x', 'output:x']);
  });

  it('tolerates an empty or null capability map', () => {
    const c = collectPluginRefs([pkg('empty', { transport: {}, output: null })]);
    assert.deepEqual(c, { refs: [], broken: [], problems: [] });
  });

  it('returns a module that does not exist as broken, hinting at a missing build', () => {
    const c = collectPluginRefs([pkg('unbuilt', { output: { jsonl: './dist/index.js' } })]);
    assert.deepEqual(c.refs, []);
    assert.deepEqual(reasons(c), [
      'unbuilt output:jsonl: ./dist/index.js does not exist (is the package built?)',
    ]);
  });

  it('returns a module path that is not a string as broken', () => {
    const c = collectPluginRefs([pkg('bad-path', { output: { jsonl: { path: './x.js' } } })]);
    assert.deepEqual(reasons(c), ['bad-path output:jsonl: "kali.output.jsonl" must be a module path string']);
  });

  it('reports a "kali" field that is not an object, and goes on with the other packages', () => {
    for (const kali of ['./dist/index.js', 42, null, true, ['x']]) {
      const good = pkg('good', { output: { ok: './ok.js' } }, ['ok.js']);
      const c = collectPluginRefs([pkg('bad-field', kali), good]);
      assert.deepEqual(keys(c.refs), ['output:ok'], JSON.stringify(kali));
      assert.deepEqual(c.problems, [
        { packageName: 'bad-field', reason: 'the "kali" field of package.json must be an object' },
      ]);
    }
  });

  it('reports an unknown kind, naming the kinds it knows, and keeps the known ones', () => {
    const c = collectPluginRefs([
      pkg('bad-kind', { codec: { x: './x.js' }, output: { y: './x.js' } }, ['x.js']),
    ]);
    assert.deepEqual(keys(c.refs), ['output:y']);
    assert.deepEqual(c.problems, [
      {
        packageName: 'bad-kind',
        reason:
          'unknown capability kind "codec" (expected transport, content, measurement, output, protocol)',
      },
    ]);
  });

  it('reports a kind mapped straight to a path instead of to names', () => {
    // `"kali": { "transport": "./dist/index.js" }` is the easy mistake: read as a map it would
    // name transports "0", "1", "2"… pointing at ".", "/", "d"….
    for (const entries of ['./dist/index.js', ['./dist/index.js']]) {
      const c = collectPluginRefs([pkg('flat', { transport: entries }, ['dist/index.js'])]);
      assert.deepEqual(c.refs, [], JSON.stringify(entries));
      assert.deepEqual(c.broken, []);
      assert.deepEqual(c.problems, [
        { packageName: 'flat', reason: '"kali.transport" must map capability names to module paths' },
      ]);
    }
  });

  describe('API versions', () => {
    const versioned = (name: string, apiVersion: unknown) =>
      pkg(name, { apiVersion, output: { [name]: './o.js' }, protocol: { [name]: './o.js' } }, ['o.js']);

    it('loads a package built for this major and a minor up to the host’s', () => {
      for (const [v, host] of [
        ['1.0', '1.0'],
        ['1.0', '1.3'],
        ['1.3', '1.3'],
      ] as const) {
        const c = collectPluginRefs([versioned('ok', v)], host);
        assert.equal(c.refs.length, 2, `${v} on ${host}`);
        assert.deepEqual(c.broken, []);
      }
    });

    it('refuses another major, or a newer minor, for every capability, in one line each', () => {
      for (const [v, host] of [
        ['2.0', '1.0'],
        ['0.9', '1.0'],
        ['1.1', '1.0'],
      ] as const) {
        const c = collectPluginRefs([versioned('kali-plugin-x', v)], host);
        assert.deepEqual(c.refs, []);
        assert.deepEqual(reasons(c), [
          `kali-plugin-x output:kali-plugin-x: built for plugin API ${v}; this kali implements ${host}`,
          `kali-plugin-x protocol:kali-plugin-x: built for plugin API ${v}; this kali implements ${host}`,
        ]);
      }
    });

    it('refuses a package that names no version, or names it wrongly', () => {
      const missing = collectPluginRefs([versioned('none', undefined)]);
      assert.ok(
        missing.broken[0].reason.startsWith(
          `declares no plugin API version (add "apiVersion": "${API_VERSION}"`,
        ),
        missing.broken[0].reason,
      );
      for (const bad of [1, '1', '1.0.0', 'v1.0', '01.0', null]) {
        const c = collectPluginRefs([versioned('badv', bad)]);
        assert.equal(c.refs.length, 0, JSON.stringify(bad));
        assert.ok(
          c.broken[0].reason.startsWith(`"kali.apiVersion" must be "major.minor", such as "${API_VERSION}"`),
          c.broken[0].reason,
        );
      }
    });

    it('words the rule the host applies', () => {
      assert.equal(apiVersionProblem('1.0', '1.0'), undefined);
      assert.equal(apiVersionProblem('2.0', '1.0'), 'built for plugin API 2.0; this kali implements 1.0');
    });
  });
});

describe('loadCatalog with broken refs', { timeout: 10_000 }, () => {
  it('merges them before the ones that fail to import', async () => {
    const dir = join(base, 'catalog');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'ok.mjs'),
      "export default () => ({ kind: 'output', name: 'ok', create() {} });\n",
    );
    writeFileSync(join(dir, 'throws.mjs'), "throw new Error('top level');\n");
    const ref = (name: string, file: string): PluginRef => ({
      kind: 'output',
      name,
      href: pathToFileURL(join(dir, file)).href,
      packageName: `kali-plugin-${name}`,
    });
    const refs = [ref('ok', 'ok.mjs'), ref('throws', 'throws.mjs')];
    const known = [{ ref: ref('unbuilt', 'missing.mjs'), reason: 'missing' }];
    const catalog = await loadCatalog({ refs, broken: known, problems: [] });
    assert.deepEqual(
      catalog.plugins.map((p) => p.ref.name),
      ['ok'],
    );
    assert.deepEqual(
      catalog.broken.map((b) => b.ref.name),
      ['unbuilt', 'throws'],
    );
    // A plain list of refs still works.
    assert.deepEqual(
      (await loadCatalog(refs)).broken.map((b) => b.ref.name),
      ['throws'],
    );
  });
});
