import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { KaliApi } from '../../src/interfaces/api.js';
import type { PluginKind, PluginRef } from '../../src/interfaces/plugin.js';
import { API_VERSION } from '../../src/registry/kali-api.js';
import { loadPlugin, loadPlugins } from '../../src/registry/load-plugin.js';

const dir = mkdtempSync(join(tmpdir(), 'kali-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a module and returns a ref to it; every test gets its own file (imports are cached). */
function module(file: string, source: string, kind: PluginKind = 'output', name = 'probe'): PluginRef {
  writeFileSync(join(dir, file), source);
  return { kind, name, href: pathToFileURL(join(dir, file)).href, packageName: 'kali-plugin-probe' };
}

/** The factory keeps what it was given so tests can see it. */
const FACTORY = (kind: string, name: string) =>
  `(kali) => ({ kind: '${kind}', name: '${name}', create() {}, kali })`;

const refusal = (message: string) => (e: unknown) => {
  assert.ok(e instanceof Error);
  assert.equal(e.message, message);
  return true;
};

describe('loadPlugin', { timeout: 10_000 }, () => {
  it('calls an ES module’s default export with the host’s runtime helpers', async () => {
    const ref = module('esm.mjs', `export default ${FACTORY('output', 'probe')};\n`);
    const plugin = (await loadPlugin(ref)) as unknown as { kali: KaliApi };
    assert.equal(plugin.kali.apiVersion, API_VERSION);
    assert.equal(plugin.kali.exit.DATA, 65);
    const err = plugin.kali.error('bad file', plugin.kali.exit.DATA);
    assert.equal(err.message, 'bad file');
    assert.equal(err.exitCode, 65);
  });

  it('accepts a CommonJS module whose module.exports is the factory', async () => {
    const ref = module('plain.cjs', `module.exports = ${FACTORY('output', 'probe')};\n`);
    const plugin = await loadPlugin(ref);
    assert.equal(plugin.name, 'probe');
  });

  it('accepts CommonJS compiled from TypeScript (exports.default = factory)', async () => {
    const ref = module(
      'transpiled.cjs',
      `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.default = ${FACTORY('output', 'probe')};\n`,
    );
    const plugin = await loadPlugin(ref);
    assert.equal(plugin.kind, 'output');
  });

  it('refuses a module without a default export', async () => {
    const ref = module('named.mjs', `export const factory = ${FACTORY('output', 'probe')};\n`);
    await assert.rejects(
      loadPlugin(ref),
      refusal('Plugin kali-plugin-probe: output "probe" must export a factory function as default'),
    );
  });

  it('refuses a default export that is the plugin object instead of a factory', async () => {
    const ref = module('object.mjs', `export default { kind: 'output', name: 'probe', create() {} };\n`);
    await assert.rejects(
      loadPlugin(ref),
      refusal('Plugin kali-plugin-probe: output "probe" must export a factory function as default'),
    );
  });

  it('refuses a plugin of another kind than the manifest says', async () => {
    const ref = module('kind.mjs', `export default ${FACTORY('transport', 'probe')};\n`);
    await assert.rejects(
      loadPlugin(ref),
      refusal('Plugin kali-plugin-probe: module for output "probe" built transport "probe" instead'),
    );
  });

  it('refuses a plugin whose name differs from its manifest entry', async () => {
    const ref = module('name.mjs', `export default ${FACTORY('output', 'other')};\n`);
    await assert.rejects(
      loadPlugin(ref),
      refusal('Plugin kali-plugin-probe: module for output "probe" built output "other" instead'),
    );
  });

  it('names the plugin when its module cannot be imported', async () => {
    const broken = module('broken.mjs', 'export default (;\n');
    await assert.rejects(loadPlugin(broken), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, /^Plugin kali-plugin-probe: cannot load output "probe": \S/);
      return true;
    });
    const throwing = module('throws.mjs', "throw new Error('no licence key');\n");
    await assert.rejects(
      loadPlugin(throwing),
      refusal('Plugin kali-plugin-probe: cannot load output "probe": no licence key'),
    );
    const missing = { ...throwing, href: pathToFileURL(join(dir, 'absent.mjs')).href };
    await assert.rejects(loadPlugin(missing), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, /^Plugin kali-plugin-probe: cannot load output "probe": /);
      return true;
    });
  });
});

describe('loadPlugins', { timeout: 10_000 }, () => {
  it('loads every ref in order', async () => {
    const a = module('a.mjs', `export default ${FACTORY('output', 'a')};\n`, 'output', 'a');
    const b = module('b.mjs', `export default ${FACTORY('content', 'b')};\n`, 'content', 'b');
    const plugins = await loadPlugins([a, b]);
    assert.deepEqual(
      plugins.map((p) => [p.kind, p.name]),
      [
        ['output', 'a'],
        ['content', 'b'],
      ],
    );
  });
});
