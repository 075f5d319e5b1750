import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import json from '../../plugins/output-json/src/index.js';
import statsd from '../../plugins/output-statsd/src/index.js';
import tls from '../../plugins/transport-tls/src/index.js';
import { type CommandLine, parseCommandLine } from '../../src/cli/parse-command-line.js';
import { pluginOptionTable } from '../../src/cli/plugin-options.js';
import { UsageError } from '../../src/errors/index.js';
import type { RunConfig } from '../../src/interfaces/config.js';
import type { Plugin, PluginRef } from '../../src/interfaces/plugin.js';
import { kaliApi } from '../../src/registry/kali-api.js';

/** The built-ins that bring options, in oclif's order, as run.ts would see them. */
const { specs, catalog } = pluginOptionTable({
  plugins: [tls, statsd, json].map((factory) => {
    const plugin = factory(kaliApi) as Plugin;
    const ref: PluginRef = {
      kind: plugin.kind,
      name: plugin.name,
      href: 'file:///x',
      packageName: 'builtin',
    };
    return { ref, plugin };
  }),
  broken: [],
});

const T = '127.0.0.1:24000';

async function config(...argv: string[]): Promise<RunConfig> {
  const result = await parseCommandLine([T, ...argv], { cpus: 2 }, specs);
  assert.equal(result.action, 'run');
  return (result as Extract<CommandLine, { action: 'run' }>).config;
}

async function refused(argv: string[], message: string) {
  await assert.rejects(parseCommandLine([T, ...argv], { cpus: 2 }, specs), (e: unknown) => {
    assert.ok(e instanceof UsageError, String(e));
    assert.equal(e.message, message);
    assert.equal(e.exitCode, 64);
    return true;
  });
}

describe("built-in plugins' options keep tcpkali's behaviour", () => {
  it('all are accepted', () => {
    assert.deepEqual(catalog.broken, []);
  });
  it('defaults', async () => {
    assert.deepEqual((await config()).pluginOptions, {
      tls: { 'ssl-cert': 'cert.pem', 'ssl-key': 'key.pem' },
      statsd: {
        statsd: false,
        'statsd-host': '127.0.0.1',
        'statsd-port': 8125,
        'statsd-namespace': 'tcpkali',
      },
      json: { 'json-interval': 1 },
    });
  });
  it('statsd (cases 77, 98)', async () => {
    const c = await config(
      '--statsd',
      '--statsd-host',
      'stats.local',
      '--statsd-port=28125',
      '--statsd-namespace',
      'ns',
      '--statsd-latency-window',
      '1s',
    );
    assert.deepEqual(c.pluginOptions.statsd, {
      statsd: true,
      'statsd-host': 'stats.local',
      'statsd-port': 28125,
      'statsd-namespace': 'ns',
      'statsd-latency-window': 1,
    });
    assert.equal((await config('--statsd-port', '65535')).pluginOptions.statsd['statsd-port'], 65535);
    await refused(['--statsd-port', '0'], '--statsd-port=0 is not in [1..65535]');
    await refused(['--statsd-port', 'x'], '--statsd-port=x is not in [1..65535]');
    await refused(['--statsd-host', ''], '--statsd-host: Expected a host name');
    await refused(['--statsd-latency-window', '0.1'], '--statsd-latency-window=0.1s is too small. Try 0.5s.');
    await refused(
      ['-T', '2', '--statsd-latency-window', '5s'],
      '--statsd-latency-window=5s is longer than --duration=2s.',
    );
  });
  it('tls', async () => {
    const c = await config('--ssl', '--ssl-cert', 'c.pem', '--ssl-key=k.pem');
    assert.equal(c.ssl, true);
    assert.deepEqual(c.pluginOptions.tls, { 'ssl-cert': 'c.pem', 'ssl-key': 'k.pem' });
    await refused(
      ['--ssl-', 'x'],
      "kali: option '--ssl-' is ambiguous; possibilities: '--ssl-cert' '--ssl-key'\n--ssl-: unknown option",
    );
  });
  it('json', async () => {
    const c = await config('--json', 'out.json', '--json-interval', '250ms');
    assert.deepEqual(c.pluginOptions.json, { json: 'out.json', 'json-interval': 0.25 });
    await refused(['--json-interval', '1s'], '--json-interval needs --json FILE');
    await refused(['--json', 'x', '--json-interval', '0'], '--json-interval=0s: Expected a positive time');
  });
});
