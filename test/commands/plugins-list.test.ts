import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { API_VERSION } from '../../src/registry/kali-api.js';
import { privateXdg } from '../helpers/private-plugins.js';
import { explain, lines, runKali } from '../helpers/run-kali.js';

const work = mkdtempSync(join(tmpdir(), 'kali-plugins-list-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A package folder with a manifest and the given built modules (output factories). */
function fixture(name: string, kali: unknown, outputs: string[] = []): string {
  const root = join(work, name);
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name, version: '0.1.0', type: 'module', oclif: {}, ...(kali ? { kali } : {}) }),
  );
  for (const o of outputs) {
    writeFileSync(
      join(root, 'dist', `${o}.js`),
      `export default () => ({ kind: 'output', name: '${o}', description: 'the ${o} output', create: () => ({}) });\n`,
    );
  }
  return root;
}

const kali = (args: string[], env: Record<string, string>) => runKali(args, { timeoutMs: 30_000, env });

describe('kali plugins, inspect and link show capabilities', { timeout: 120_000 }, () => {
  let env: Record<string, string>;
  before(() => {
    env = privateXdg();
  });

  test('link checks the package and says what is wrong, in one line each', async () => {
    const half = fixture(
      'kali-plugin-half',
      { apiVersion: '1.0', output: { whole: './dist/whole.js', unbuilt: './dist/unbuilt.js' } },
      ['whole'],
    );
    const run = await kali(['plugins', 'link', '--no-install', half], env);
    assert.equal(run.code, 0, explain(run));
    assert.deepEqual(
      lines(run.stderr).filter((l) => l.startsWith('WARNING')),
      [
        'WARNING: plugin kali-plugin-half (output "unbuilt") cannot be loaded: ./dist/unbuilt.js does not exist (is the package built?)',
      ],
      explain(run),
    );

    const future = fixture(
      'kali-plugin-future',
      { apiVersion: '2.0', output: { future: './dist/future.js' } },
      ['future'],
    );
    const refused = await kali(['plugins', 'link', '--no-install', future], env);
    assert.equal(refused.code, 0, explain(refused));
    assert.deepEqual(
      lines(refused.stderr).filter((l) => l.startsWith('WARNING')),
      [
        `WARNING: plugin kali-plugin-future was built for plugin API 2.0; this kali implements ${API_VERSION}; runs will skip it`,
      ],
    );

    const plain = fixture('not-kali', undefined);
    const foreign = await kali(['plugins', 'link', '--no-install', plain], env);
    assert.match(
      foreign.stderr,
      /^WARNING: not-kali is not a kali plugin: its package\.json has no "kali" field$/m,
    );
  });

  test('kali plugins lists kinds, names, API version and broken capabilities', async () => {
    const run = await kali(['plugins'], env);
    assert.equal(run.code, 0, explain(run));
    const out = lines(run.stdout);
    const at = out.findIndex((l) => l.startsWith('kali-plugin-half 0.1.0 (link) '));
    assert.ok(at >= 0, run.stdout);
    assert.deepEqual(out.slice(at + 1, at + 4), [
      '  plugin API 1.0',
      '  output unbuilt  cannot load: ./dist/unbuilt.js does not exist (is the package built?)',
      '  output whole    the whole output',
    ]);
    const future = out.findIndex((l) => l.startsWith('kali-plugin-future'));
    assert.deepEqual(out.slice(future + 1, future + 3), [
      '  plugin API 2.0',
      `  output future  cannot load: built for plugin API 2.0; this kali implements ${API_VERSION}`,
    ]);
    // Built-ins only with --core.
    assert.doesNotMatch(run.stdout, /@kali\/transport-tcp/);
    const core = await kali(['plugins', '--core'], env);
    assert.match(core.stdout, /^@kali\/transport-tcp \S+ \(core\)\n {2}plugin API 1\.3\n {2}transport tcp /m);
  });

  test('--json carries the same description', async () => {
    const run = await kali(['plugins', '--json'], env);
    const listed = JSON.parse(run.stdout) as { name: string; type: string; kali?: unknown }[];
    const half = listed.find((p) => p.name === 'kali-plugin-half');
    assert.equal(half?.type, 'link');
    assert.deepEqual(half?.kali, {
      packageName: 'kali-plugin-half',
      apiVersion: '1.0',
      capabilities: [
        {
          kind: 'output',
          name: 'unbuilt',
          broken: './dist/unbuilt.js does not exist (is the package built?)',
        },
        { kind: 'output', name: 'whole', description: 'the whole output' },
      ],
      problems: [],
    });
    assert.equal(listed.find((p) => p.name === 'not-kali')?.kali, undefined);
  });

  test('inspect adds the capabilities under oclif’s tree', async () => {
    const run = await kali(['plugins', 'inspect', 'kali-plugin-half'], env);
    assert.equal(run.code, 0, explain(run));
    assert.match(run.stdout, /location .*kali-plugin-half/);
    assert.match(
      run.stdout,
      /^ {2}plugin API 1\.0\n {2}output unbuilt {2}cannot load: .*\n {2}output whole {4}the whole output$/m,
    );
    const foreign = await kali(['plugins', 'inspect', 'not-kali'], env);
    assert.match(foreign.stdout, /not a kali plugin/);
  });
});
