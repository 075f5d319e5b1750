import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { PluginKind } from '../../src/interfaces/plugin.js';
import { API_VERSION } from '../../src/registry/kali-api.js';
import { loadPlugin } from '../../src/registry/load-plugin.js';
import { readManifest } from '../../src/registry/read-manifest.js';
import type { ScaffoldError } from '../../src/scaffold/scaffold-error.js';
import { SCAFFOLD_KINDS, scaffoldPlugin } from '../../src/scaffold/scaffold-plugin.js';
import { buildScaffold, testScaffold } from '../helpers/scaffold-build.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const TEMPLATES = join(ROOT, 'templates');
const BIN = join(ROOT, 'bin', 'run.js');

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'kali-plugins-new-'));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

const scaffold = (kind: string, name: string, dir = work) =>
  scaffoldPlugin({ kind, name, dir, templatesDir: TEMPLATES, hostRoot: ROOT });

const TEMPLATE_FILES = [
  '.gitignore',
  'README.md',
  'package.json',
  'src/index.ts',
  'test/index.test.ts',
  'tsconfig.json',
  'tsconfig.test.json',
];

describe('kali plugins new', { timeout: 120_000 }, () => {
  test('has a template for every kind of the plugin API', () => {
    assert.deepEqual([...SCAFFOLD_KINDS].sort(), [
      'content',
      'measurement',
      'output',
      'protocol',
      'transport',
    ]);
  });

  for (const kind of SCAFFOLD_KINDS) {
    test(`${kind}: a package publishable as generated, on plugin API ${API_VERSION}`, async () => {
      const name = `demo-${kind}`;
      const { target, files } = await scaffold(kind, name);
      assert.equal(target, join(work, `kali-plugin-${name}`));
      assert.deepEqual(
        files.filter((f) => !f.startsWith('kali-types/')),
        TEMPLATE_FILES,
      );
      assert.ok(files.includes('kali-types/dist/index.d.ts'), files.join(' '));
      assert.ok(files.includes('kali-types/dist/interfaces/protocol.d.ts'), files.join(' '));

      const pkg = JSON.parse(await readFile(join(target, 'package.json'), 'utf8'));
      assert.equal(pkg.name, `kali-plugin-${name}`);
      assert.equal(pkg.type, 'module');
      assert.deepEqual(pkg.oclif, {});
      assert.deepEqual(pkg.kali, { apiVersion: API_VERSION, [kind]: { [name]: './dist/index.js' } });
      assert.deepEqual(pkg.files, ['dist']);
      // Types only, from the copy beside it: nothing for npm to fetch when kali installs it.
      assert.equal(pkg.devDependencies.kali, 'file:kali-types');
      assert.equal(pkg.dependencies, undefined);
      assert.equal(pkg.peerDependencies, undefined);
      assert.equal(pkg.scripts.prepare, undefined, 'npm warns about install scripts of installed plugins');

      const types = JSON.parse(await readFile(join(target, 'kali-types', 'package.json'), 'utf8'));
      const host = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
      assert.equal(types.name, 'kali');
      assert.equal(types.version, host.version);

      const source = await readFile(join(target, 'src/index.ts'), 'utf8');
      assert.match(source, new RegExp(`kind: '${kind}'`));
      assert.match(source, /= \(kali\) => \(\{/, 'a v1 factory takes the KaliApi');
      assert.match(source, /^import type \{[^}]+\} from 'kali';$/m);
      for (const file of files) {
        const text = await readFile(join(target, file), 'utf8');
        assert.doesNotMatch(text, /__[A-Z_]+__|\*\*[A-Z_]+\*\*/, `${file} still has a placeholder`);
        assert.ok(!text.includes(ROOT.replace(/\/$/, '')), `${file} names the host's folder`);
        assert.doesNotMatch(text, /file:\//, `${file} has an absolute file: path`);
      }
      assert.deepEqual(readManifest({ name: pkg.name, root: target, pjson: pkg })?.problems, []);
    });
  }

  test('refuses an unknown kind, a bad name and an existing target', async () => {
    await assert.rejects(
      scaffold('codec', 'x'),
      (e: ScaffoldError) => e.exitCode === 64 && /kind/.test(e.message),
    );
    for (const bad of ['Upper', '9lives', 'has.dot', 'trailing-', 'a--b', '', 'x'.repeat(41)]) {
      await assert.rejects(scaffold('output', bad), (e: ScaffoldError) => e.exitCode === 64, bad);
    }
    await scaffold('output', 'twice');
    await assert.rejects(scaffold('output', 'twice'), (e: ScaffoldError) => e.exitCode === 73);
  });

  test('creates a missing --dir', async () => {
    const { target } = await scaffold('content', 'nested', join(work, 'a', 'b'));
    assert.ok(existsSync(join(target, 'src', 'index.ts')));
  });

  test('through the binary: listed in help, one line and a non-zero status on errors', async () => {
    const help = await run(process.execPath, [BIN, 'plugins', '--help']);
    assert.match(help.stdout, /plugins new/);

    const ok = await run(process.execPath, [BIN, 'plugins', 'new', 'protocol', 'bin-demo', '--dir', work]);
    assert.match(ok.stdout, /Created protocol plugin "bin-demo"/);
    assert.ok(existsSync(join(work, 'kali-plugin-bin-demo', 'kali-types', 'package.json')));

    for (const args of [
      ['protocol', 'bin-demo'],
      ['sink', 'x'],
      ['output', 'Bad.Name'],
    ]) {
      const failed = await run(process.execPath, [BIN, 'plugins', 'new', ...args, '--dir', work]).then(
        () => assert.fail(`${args.join(' ')} succeeded`),
        (e: { code: number; stderr: string }) => e,
      );
      assert.notEqual(failed.code, 0);
      assert.equal(failed.stderr.trim().split('\n').length, 1, failed.stderr);
      assert.match(failed.stderr, /^kali plugins new: /);
    }
  });

  // Every template must build on its own and pass its own tests; the result then loads the way
  // the host loads it, which checks that kind and name survived the substitution.
  test('every kind builds, passes its generated tests and loads', async () => {
    const dir = join(work, 'built');
    const queue = [...SCAFFOLD_KINDS];
    // Two at a time: the machine has two cores, and tsc is the slow part.
    const worker = async () => {
      for (let kind = queue.shift(); kind !== undefined; kind = queue.shift()) {
        const name = `tc-${kind}`;
        const { target } = await scaffold(kind, name, dir);
        await buildScaffold(target);
        const tested = await testScaffold(target);
        assert.match(tested, /^# fail 0$/m, `${kind}:\n${tested}`);
        assert.doesNotMatch(tested, /^# pass 0$/m, `${kind}:\n${tested}`);
        const manifest = readManifest({
          name: `kali-plugin-${name}`,
          root: target,
          pjson: await pjson(target),
        });
        assert.deepEqual(manifest?.broken, [], kind);
        const plugin = await loadPlugin(manifest?.refs[0] as NonNullable<typeof manifest>['refs'][number]);
        assert.equal(plugin.kind, kind as PluginKind);
        assert.equal(plugin.name, name);
      }
    };
    await Promise.all([worker(), worker()]);
  });
});

async function pjson(root: string): Promise<{ kali?: unknown }> {
  return JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
}
