import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CommandLine, parseCommandLine } from '../../src/cli/parse-command-line.js';
import { type PluginOptionSpec, pluginOptionTable } from '../../src/cli/plugin-options.js';
import { UsageError } from '../../src/errors/index.js';
import type { RunConfig } from '../../src/interfaces/config.js';
import type { OptionDeclaration } from '../../src/interfaces/options.js';
import { fake, tableOf } from './helpers/plugin-table.js';

const T = '127.0.0.1:24000';
const env = { cpus: 2 };

const DECLARED: OptionDeclaration[] = [
  { name: 'demo-on', type: 'flag', description: 'a switch' },
  { name: 'demo-name', type: 'string', description: 'a word', default: 'x' },
  { name: 'demo-port', type: 'integer', description: 'a port', min: 1, max: 65535, default: 7 },
  { name: 'demo-ratio', type: 'number', description: 'a ratio' },
  { name: 'demo-count', type: 'count', description: 'how many' },
  { name: 'demo-size', type: 'size', description: 'how big' },
  { name: 'demo-speed', type: 'bandwidth', description: 'how fast' },
  { name: 'demo-wait', type: 'duration', description: 'how long' },
  { name: 'demo-mode', type: 'enum', choices: ['fast', 'slow'], description: 'which way', default: 'fast' },
  { name: 'demo-tag', type: 'string', repeatable: true, description: 'labels' },
];
const { specs } = tableOf({ name: 'demo', options: DECLARED });

async function parsed(argv: string[], table: readonly PluginOptionSpec[] = specs): Promise<RunConfig> {
  const result = await parseCommandLine(argv, env, table);
  assert.equal(result.action, 'run');
  return (result as Extract<CommandLine, { action: 'run' }>).config;
}
const demo = async (...argv: string[]) => (await parsed([T, ...argv])).pluginOptions.demo;

async function refused(argv: string[], message: string, table: readonly PluginOptionSpec[] = specs) {
  await assert.rejects(parseCommandLine([T, ...argv], env, table), (e: unknown) => {
    assert.ok(e instanceof UsageError, String(e));
    assert.equal(e.message, message);
    assert.equal(e.exitCode, 64);
    assert.equal(e.usage, undefined);
    return true;
  });
}

describe('plugin options are read like kali options', () => {
  it('with defaults for what is not given, under the plugin name', async () => {
    assert.deepEqual(await demo(), { 'demo-name': 'x', 'demo-port': 7, 'demo-mode': 'fast' });
    assert.deepEqual((await parsed([T], [])).pluginOptions, {});
  });
  it('in kali units, numbers in base units', async () => {
    const o = await demo(
      '--demo-on',
      '--demo-name',
      'y',
      '--demo-port=80',
      '--demo-ratio',
      '0.5',
      '--demo-count',
      '10k',
      '--demo-size=64k',
      '--demo-speed',
      '10Mbps',
      '--demo-wait',
      '250ms',
      '--demo-mode=slow',
    );
    assert.deepEqual(o, {
      'demo-on': true,
      'demo-name': 'y',
      'demo-port': 80,
      'demo-ratio': 0.5,
      'demo-count': 10_000,
      'demo-size': 65_536,
      'demo-speed': 10_000_000,
      'demo-wait': 0.25,
      'demo-mode': 'slow',
    });
  });
  it('flags take =on and =off', async () => {
    assert.equal((await demo('--demo-on=off'))['demo-on'], false);
    assert.equal((await demo('--demo-on=on'))['demo-on'], true);
    await refused(['--demo-on=yes'], 'Expecting --demo-on "on" or "off"');
  });
  it('unique prefixes, values that start with a dash, the last of a repeated one', async () => {
    const o = await demo('--demo-n', '-5', '--demo-wa=1s', '--demo-port', '1', '--demo-port', '2');
    assert.equal(o['demo-name'], '-5');
    assert.equal(o['demo-wait'], 1);
    assert.equal(o['demo-port'], 2);
    await refused(
      ['--demo-s', '1'],
      "kali: option '--demo-s' is ambiguous; possibilities: '--demo-size' '--demo-speed'\n--demo-s: unknown option",
    );
  });
  it('repeatable ones as a list in command-line order', async () => {
    assert.deepEqual((await demo('--demo-tag', 'b', '-c1', '--demo-tag=a'))['demo-tag'], ['b', 'a']);
    assert.equal((await demo())['demo-tag'], undefined);
  });
  it('interleaved with kali options and positionals', async () => {
    const c = await parsed(['-c2', '--demo-name', 'z', T, '-T1s']);
    assert.equal(c.connections, 2);
    assert.equal(c.duration, 1);
    assert.equal(c.pluginOptions.demo['demo-name'], 'z');
    assert.equal(c.destinations.length, 1);
  });
  it('refuses bad values in one line naming the option', async () => {
    await refused(['--demo-port', '0'], '--demo-port=0 is not in [1..65535]');
    await refused(['--demo-port', '65536'], '--demo-port=65536 is not in [1..65535]');
    await refused(['--demo-port=x'], '--demo-port=x is not in [1..65535]');
    await refused(['--demo-ratio', 'half'], '--demo-ratio=half: Expected a number');
    await refused(['--demo-count', '5q'], '--demo-count=5q: Unknown unit "q" (expected k, m)');
    await refused(['--demo-wait', '5x'], '--demo-wait=5x: Unknown unit "x" (expected ms, s, m, h, d, y)');
    await refused(['--demo-size', 'big'], '--demo-size=big: Expected a number with an optional unit (k, m)');
    await refused(['--demo-mode', 'slowly'], '--demo-mode=slowly is not one of {fast|slow}');
    await refused(
      ['--demo-name'],
      "kali: option '--demo-name' requires an argument\n--demo-name: unknown option",
    );
  });
  it('suggests a plugin option for a near miss', async () => {
    await refused(
      ['--demo-nmae', 'y'],
      "kali: unrecognized option '--demo-nmae'\n--demo-nmae: unknown option; did you mean --demo-name? (kali --help lists them all)",
    );
  });
  it('runs a declaration check once the whole line is read, only for what was given', async () => {
    const seen: unknown[] = [];
    const { specs: checked } = tableOf({
      name: 'win',
      options: [
        {
          name: 'win-size',
          type: 'duration',
          description: 'window',
          default: 99,
          check: (value: unknown, config: RunConfig) => {
            seen.push(value);
            return (value as number) > config.duration ? `--win-size is longer than -T` : undefined;
          },
        },
      ],
    });
    assert.equal((await parsed([T, '-T', '5'], checked)).pluginOptions.win['win-size'], 99);
    assert.deepEqual(seen, []);
    // -T comes after the option, and still counts.
    await refused(['--win-size', '10s', '-T', '5'], '--win-size is longer than -T', checked);
    assert.deepEqual(seen, [10]);
  });
});

describe('one option, one owner', () => {
  it('refuses a plugin whose option is one of kali options, naming both', () => {
    for (const name of ['connections', 'websocket', 'server']) {
      const { catalog, specs: accepted } = tableOf({
        name: 'bad',
        options: [{ name, type: 'flag', description: 'x' }],
      });
      assert.deepEqual(accepted, []);
      assert.deepEqual(catalog.plugins, []);
      assert.deepEqual(
        catalog.broken.map((b) => [b.ref.name, b.reason]),
        [['bad', `its option --${name} is one of kali's own options`]],
      );
    }
  });
  it('refuses the later of two plugins declaring the same option', () => {
    const { catalog, specs: accepted } = tableOf(
      {
        name: 'first',
        kind: 'transport',
        packageName: 'pkg-one',
        options: [{ name: 'same', type: 'flag', description: 'x' }],
      },
      {
        name: 'second',
        options: [
          { name: 'other', type: 'flag', description: 'y' },
          { name: 'same', type: 'flag', description: 'z' },
        ],
      },
    );
    assert.deepEqual(
      accepted.map((s) => `${s.owner.name}:${s.long[0]}`),
      ['first:same'],
    );
    assert.deepEqual(
      catalog.plugins.map((p) => p.ref.name),
      ['first'],
    );
    assert.deepEqual(
      catalog.broken.map((b) => b.reason),
      ['its option --same is already declared by plugin pkg-one (transport "first")'],
    );
  });
  it('refuses unusable declarations', () => {
    const reasons = (options: unknown) => tableOf({ name: 'p', options }).catalog.broken.map((b) => b.reason);
    assert.deepEqual(reasons({ name: 'x' }), ['its options must be an array of option declarations']);
    assert.deepEqual(reasons([{ name: '--x', type: 'flag', description: '' }]), [
      'option name "--x" must be letters, digits, ".", "_" or "-", without leading dashes',
    ]);
    assert.deepEqual(reasons([{ name: 'a=b', type: 'flag', description: '' }]), [
      'option name "a=b" must be letters, digits, ".", "_" or "-", without leading dashes',
    ]);
    assert.deepEqual(reasons([{ name: 'x', type: 'date', description: '' }]), [
      'option --x: unknown type "date"',
    ]);
    assert.deepEqual(reasons([{ name: 'x', type: 'enum', description: '' }]), [
      'option --x: an enum needs its choices',
    ]);
    assert.deepEqual(reasons([{ name: 'x', type: 'integer', description: '', default: '8' }]), [
      'option --x: default "8" does not fit type integer',
    ]);
    assert.deepEqual(reasons([{ name: 'x', type: 'flag' }]), ['option --x: needs a description']);
    assert.deepEqual(
      reasons([
        { name: 'x', type: 'flag', description: '' },
        { name: 'x', type: 'flag', description: '' },
      ]),
      ['it declares option --x twice'],
    );
    assert.deepEqual(reasons(undefined), []);
  });
  it('keeps plugins without options, and the broken ones it was given', () => {
    const broken = { ref: fake({ name: 'gone' }).ref, reason: 'cannot load' };
    const { catalog } = pluginOptionTable({ plugins: [fake({ name: 'plain' })], broken: [broken] });
    assert.deepEqual(
      catalog.plugins.map((p) => p.ref.name),
      ['plain'],
    );
    assert.deepEqual(catalog.broken, [broken]);
  });
});
