import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { API_VERSION } from '../../src/registry/kali-api.js';
import { scaffoldPlugin } from '../../src/scaffold/scaffold-plugin.js';
import { privateXdg } from '../helpers/private-plugins.js';
import { errorLines, explain, lines, runKali } from '../helpers/run-kali.js';
import { buildScaffold } from '../helpers/scaffold-build.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

/** The other side of the generated line protocol: `OK <n>` for every line, as it arrives. */
class LineServer {
  readonly received: string[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server: Server = createServer((socket) => {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      pending += chunk;
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      socket.write(complete.map((line) => `OK ${this.received.push(line)}\n`).join(''));
    });
    socket.on('error', () => {});
  });

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const kali = (args: string[], env: Record<string, string>, timeoutMs = 30_000) =>
  runKali(args, { timeoutMs, env });

const warnings = (stderr: string) => lines(stderr).filter((l) => l.startsWith('WARNING'));

describe('a protocol scaffolded by kali plugins new, packed, installed and run', { timeout: 120_000 }, () => {
  let work: string;
  let built: string;
  let server: LineServer;
  let port: number;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'kali-protocol-e2e-'));
    const scaffold = (name: string) =>
      scaffoldPlugin({
        kind: 'protocol',
        name,
        dir: work,
        templatesDir: join(ROOT, 'templates'),
        hostRoot: ROOT,
      });
    built = (await scaffold('line')).target;
    await buildScaffold(built);
    server = new LineServer();
    port = await server.listen();
  });
  /** `npm pack` of a built package: the .tgz, and the files in it. */
  const pack = async (dir: string) => {
    // The build is done; prepack would run tsc again from node_modules/.bin, which the links lack.
    const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
      cwd: dir,
    });
    const [{ filename, files }] = JSON.parse(packed.stdout) as {
      filename: string;
      files: { path: string }[];
    }[];
    return { tgz: join(dir, filename), files };
  };
  after(async () => {
    await server?.close();
    await rm(work, { recursive: true, force: true });
  });

  test('npm pack, then kali plugins install of the .tgz: nothing fetched, nothing to warn about', async () => {
    const { tgz, files } = await pack(built);
    assert.deepEqual(files.map((f) => f.path).sort(), [
      'README.md',
      'dist/index.js',
      'dist/index.js.map',
      'package.json',
    ]);

    const env = privateXdg();
    const installed = await kali(['plugins', 'install', tgz], env, 90_000);
    assert.equal(installed.code, 0, explain(installed));
    assert.deepEqual(warnings(installed.stderr), [], explain(installed));
    assert.doesNotMatch(installed.stderr, /Warning|npm error/, explain(installed));
    const listed = await kali(['plugins'], env);
    assert.match(
      listed.stdout,
      new RegExp(
        `^kali-plugin-line 0\\.1\\.0\\n {2}plugin API ${API_VERSION.replace('.', '\\.')}\\n {2}protocol line {2}line://`,
        'm',
      ),
    );

    // Two workers import the plugin from the installed package and speak line:// to the server;
    // the expression makes every connection's requests its own (a template bound per connection).
    const load = await kali(
      ['-w2', '-T2s', '-c4', '-r20', '-m', 'ping \\{connection.uid}', `line://127.0.0.1:${port}`],
      env,
    );
    assert.equal(load.code, 0, explain(load));
    assert.deepEqual(warnings(load.stderr), [], explain(load));
    assert.match(
      load.stdout,
      /^line reply latency at percentiles: [\d.]+\/[\d.]+\/[\d.]+ ms \(95\/99\/99\.5%\)$/m,
    );
    const ok = Number(/^line ok: (\d+) \([\d.]+\/s\)$/m.exec(load.stdout)?.[1]);
    assert.ok(ok > 20, explain(load));
    assert.match(load.stdout, /^line err: 0 /m, explain(load));
    assert.match(load.stdout, /^line malformed replies: 0 /m, explain(load));
    // Every request the server saw was one rendered line; every reply it sent was counted.
    assert.ok(server.received.length >= ok, `${server.received.length} lines for ${ok} replies`);
    assert.deepEqual(
      [...new Set(server.received)].sort(),
      ['ping 1', 'ping 2', 'ping 3', 'ping 4'],
      'each of the 4 connections sent its own request',
    );
  });

  test('a package built for another API version is refused in one line', async () => {
    const future = join(work, 'kali-plugin-future');
    await cp(built, future, { recursive: true });
    const pkg = JSON.parse(await readFile(join(future, 'package.json'), 'utf8'));
    pkg.name = 'kali-plugin-future';
    pkg.kali = { apiVersion: '2.0', protocol: { future: './dist/index.js' } };
    await writeFile(join(future, 'package.json'), JSON.stringify(pkg));

    // Installed from a .tgz this time: kali plugins install checks what it installed, too.
    const env = privateXdg();
    const { tgz } = await pack(future);
    const installed = await kali(['plugins', 'install', tgz], env, 90_000);
    assert.equal(installed.code, 0, explain(installed));
    assert.deepEqual(warnings(installed.stderr), [
      `WARNING: plugin kali-plugin-future was built for plugin API 2.0; this kali implements ${API_VERSION}; runs will skip it`,
    ]);
    const refused = await kali(['-T1s', '-m', 'ping', `future://127.0.0.1:${port}`], env);
    assert.equal(refused.code, 64, explain(refused));
    assert.deepEqual(
      errorLines(refused.stderr),
      [
        `future://127.0.0.1:${port}: no loaded plugin speaks future://, and plugin kali-plugin-future (protocol "future") could not be loaded: built for plugin API 2.0; this kali implements ${API_VERSION}`,
      ],
      explain(refused),
    );
  });

  test('an unbuilt linked package is skipped in one line; only a run that needs it fails', async () => {
    const { target } = await scaffoldPlugin({
      kind: 'protocol',
      name: 'unbuilt',
      dir: work,
      templatesDir: join(ROOT, 'templates'),
      hostRoot: ROOT,
    });
    const env = privateXdg();
    const linked = await kali(['plugins', 'link', '--no-install', target], env);
    assert.equal(linked.code, 0, explain(linked));
    const why = './dist/index.js does not exist (is the package built?)';
    assert.deepEqual(warnings(linked.stderr), [
      `WARNING: plugin kali-plugin-unbuilt (protocol "unbuilt") cannot be loaded: ${why}`,
    ]);

    const sink = new LineServer();
    const plain = await kali(['-T1s', '-c2', '-m', 'hello', `127.0.0.1:${await sink.listen()}`], env).finally(
      () => sink.close(),
    );
    assert.equal(plain.code, 0, explain(plain));
    assert.deepEqual(warnings(plain.stderr), [
      `WARNING: plugin kali-plugin-unbuilt (protocol "unbuilt") is skipped: ${why}`,
    ]);
    assert.deepEqual(errorLines(plain.stderr), [], explain(plain));

    const needed = await kali(['-T1s', '-m', 'ping', `unbuilt://127.0.0.1:${port}`], env);
    assert.equal(needed.code, 64, explain(needed));
    assert.deepEqual(
      errorLines(needed.stderr),
      [
        `unbuilt://127.0.0.1:${port}: no loaded plugin speaks unbuilt://, and plugin kali-plugin-unbuilt (protocol "unbuilt") could not be loaded: ${why}`,
      ],
      explain(needed),
    );
  });
});
