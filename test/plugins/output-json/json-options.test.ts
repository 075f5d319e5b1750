import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { OptionDeclaration, OutputPlugin, RunConfig } from 'kali';
import factory from '../../../plugins/output-json/src/index.js';
import { createJsonOutput } from '../../../plugins/output-json/src/json-output.js';
import { type CommandLine, parseCommandLine } from '../../../src/cli/parse-command-line.js';
import { kaliApi } from '../../../src/registry/kali-api.js';
import { tableOf } from '../../cli/helpers/plugin-table.js';
import { describeError, fakeContext, scratchDir } from './fixtures.js';

const dir = scratchDir();
const plugin = factory(kaliApi) as OutputPlugin;
const declared = (name: string) => plugin.options?.find((o) => o.name === name) as OptionDeclaration;

/** What the host hands `check`: every plugin's values, defaults applied. */
function configWith(json: Record<string, unknown>): RunConfig {
  return { pluginOptions: { json } } as unknown as RunConfig;
}

describe('JSON output options', () => {
  it('are --json FILE and --json-interval T, one second by default', () => {
    assert.deepEqual(
      plugin.options?.map((o) => [o.name, o.type, o.valueName, o.default]),
      [
        ['json', 'string', 'FILE', undefined],
        ['json-interval', 'duration', 'T', 1],
      ],
    );
  });

  it('turn the output on with --json, and ask for interval records at the interval', () => {
    assert.equal(plugin.enabled?.(fakeContext({ file: 'x.json', interval: 1 })), true);
    assert.equal(plugin.enabled?.(fakeContext({ interval: 1 })), false);
    assert.equal(plugin.intervalSeconds?.(fakeContext({ file: 'x.json', interval: 1 })), 1);
    assert.equal(plugin.intervalSeconds?.(fakeContext({ file: 'x.json', interval: 0.25 })), 0.25);
    assert.equal(plugin.intervalSeconds?.(fakeContext({ file: 'x.json' })), 1);
  });

  it('take stdout for --json - alone, so that the text report goes to stderr', () => {
    assert.equal(plugin.ownsStdout?.(fakeContext({ file: '-' })), true);
    assert.equal(plugin.ownsStdout?.(fakeContext({ file: '/dev/stdout' })), false);
    assert.equal(plugin.ownsStdout?.(fakeContext({ file: 'x.json' })), false);
    assert.equal(plugin.ownsStdout?.(fakeContext({})), false);
  });

  it('declare the arguments that take stdout, which kali k8s job gives every pod (API 1.2)', async () => {
    assert.deepEqual(plugin.resultToStdout, ['--json', '-']);
    // Read by kali's parser, they must mean stdout to this very plugin.
    const { specs } = tableOf({ name: 'json', options: plugin.options });
    const parsed = await parseCommandLine(
      [...(plugin.resultToStdout ?? []), '127.0.0.1:9000'],
      { cpus: 1, variables: {} },
      specs,
    );
    assert.equal(parsed.action, 'run');
    const options = (parsed as Extract<CommandLine, { action: 'run' }>).config.pluginOptions.json;
    assert.equal(plugin.ownsStdout?.(fakeContext({ file: options?.json as string })), true);
  });

  it('refuse --json-interval without --json, and intervals that are not above 0', () => {
    const interval = declared('json-interval');
    assert.equal(
      interval.check?.(0.5, configWith({ 'json-interval': 0.5 })),
      '--json-interval needs --json FILE',
    );
    assert.equal(
      interval.check?.(0, configWith({ json: 'x.json', 'json-interval': 0 })),
      '--json-interval=0s: Expected a positive time',
    );
    assert.equal(interval.check?.(0.5, configWith({ json: 'x.json', 'json-interval': 0.5 })), undefined);
  });

  it('refuse an empty file name', () => {
    assert.equal(
      declared('json').check?.('', configWith({ json: '' })),
      '--json: expected a file name, or - for stdout',
    );
    assert.equal(declared('json').check?.('-', configWith({ json: '-' })), undefined);
  });

  it('require the file also when the output is named by --output json, with exit status 64', () => {
    assert.throws(() => createJsonOutput(fakeContext({ interval: 1 }), describeError), {
      message: '--output json needs --json FILE',
      exitCode: 64,
    });
  });

  it('refuse a file that cannot be created before the run, naming it, with exit status 64', () => {
    const missing = join(dir, 'no', 'such', 'dir.json');
    assert.throws(() => createJsonOutput(fakeContext({ file: missing }), describeError), {
      message: `json output: cannot write ${missing}: No such file or directory`,
      exitCode: 64,
    });
    assert.throws(() => createJsonOutput(fakeContext({ file: dir }), describeError), {
      message: `json output: cannot write ${dir}: Is a directory`,
      exitCode: 64,
    });
  });
});
