import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PLUGIN_KINDS, type ScaffoldError, scaffoldPlugin } from '../../src/commands/plugins/new.js';
import type { PluginKind } from '../../src/interfaces/plugin.js';
import { loadPlugin } from '../../src/registry/load-plugin.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
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

describe('kali plugins new', () => {
  for (const kind of PLUGIN_KINDS) {
    test(`${kind}: copies the template and fills in the name`, async () => {
      const name = `demo-${kind}`;
      const { target, files } = await scaffold(kind, name);
      assert.equal(target, join(work, `kali-plugin-${name}`));
      assert.deepEqual(files, ['.gitignore', 'README.md', 'package.json', 'src/index.ts', 'tsconfig.json']);

      const pkg = JSON.parse(await readFile(join(target, 'package.json'), 'utf8'));
      assert.equal(pkg.name, `kali-plugin-${name}`);
      assert.equal(pkg.type, 'module');
      assert.deepEqual(pkg.oclif, {});
      assert.deepEqual(pkg.kali, { [kind]: { [name]: './dist/index.js' } });
      assert.equal(pkg.scripts.build, 'tsc');
      assert.ok(pkg.devDependencies.typescript);
      assert.equal(pkg.devDependencies.kali, `file:${ROOT}`);

      const source = await readFile(join(target, 'src/index.ts'), 'utf8');
      assert.match(source, new RegExp(`kind: '${kind}'`));
      assert.match(source, new RegExp(`name: '${name}'`));
      assert.match(source, /from 'kali'/);
      for (const file of files) {
        const text = await readFile(join(target, file), 'utf8');
        assert.doesNotMatch(text, /__PLUGIN_NAME__|__KALI_ROOT__/, `${file} still has a placeholder`);
      }
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

  // Needs the built host (dist/), which `npm test` builds first.
  test('through the binary: listed in help, one line and a non-zero status on errors', async () => {
    const help = await run(process.execPath, [BIN, 'plugins', '--help']);
    assert.match(help.stdout, /plugins new/);

    const ok = await run(process.execPath, [BIN, 'plugins', 'new', 'output', 'bin-demo', '--dir', work]);
    assert.match(ok.stdout, /Created output plugin "bin-demo"/);
    assert.ok(existsSync(join(work, 'kali-plugin-bin-demo', 'package.json')));

    for (const args of [
      ['output', 'bin-demo'],
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

  // Builds every kind against the host's published types (dist/index.d.ts via the package's
  // "exports"), offline: node_modules links stand in for `npm install`. Then loads the result the
  // way the host does, which checks that kind and name survived the substitution.
  test('scaffolded plugins compile against the host types and load', async () => {
    const dir = join(work, 'compile');
    const built = await Promise.all(
      PLUGIN_KINDS.map(async (kind) => {
        const name = `tc-${kind}`;
        const { target } = await scaffold(kind, name, dir);
        await mkdir(join(target, 'node_modules', '@types'), { recursive: true });
        await symlink(ROOT, join(target, 'node_modules', 'kali'), 'dir');
        await symlink(
          join(ROOT, 'node_modules/@types/node'),
          join(target, 'node_modules/@types/node'),
          'dir',
        );
        await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', target]).catch(
          (e: { stdout: string }) => assert.fail(`${kind} template does not compile:\n${e.stdout}`),
        );
        return { kind, name, target };
      }),
    );
    for (const { kind, name, target } of built) {
      const href = pathToFileURL(join(target, 'dist', 'index.js')).href;
      const plugin = await loadPlugin({
        kind: kind as PluginKind,
        name,
        href,
        packageName: `kali-plugin-${name}`,
      });
      assert.equal(plugin.kind, kind);
      assert.equal(plugin.name, name);
    }
  });
});
