import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pluginOptionTable } from '../../src/cli/plugin-options.js';
import { UsageFailure } from '../../src/errors/index.js';
import type { Plugin } from '../../src/interfaces/plugin.js';
import { jobArguments } from '../../src/k8s/job-arguments.js';
import { resultOutput } from '../../src/k8s/result-output.js';
import type { PluginCatalog } from '../../src/registry/plugin-catalog.js';
import { type FakePlugin, fake } from '../cli/helpers/plugin-table.js';

/**
 * The Job finds the output that writes result documents to stdout by what it declares, not by
 * name: here it is called `archive`, and a plugin called `json` is just another plugin.
 */
function catalog(...plugins: (FakePlugin & { resultToStdout?: unknown })[]): PluginCatalog {
  return {
    plugins: plugins.map((p) => {
      const entry = fake(p);
      if (p.resultToStdout !== undefined) {
        entry.plugin = { ...entry.plugin, resultToStdout: p.resultToStdout } as Plugin;
      }
      return entry;
    }),
    broken: [],
  };
}

const ARCHIVE = {
  name: 'archive',
  options: [
    { name: 'archive-to', type: 'string', description: 'Where the document goes' },
    { name: 'archive-every', type: 'duration', description: 'How often it is rewritten' },
  ],
  resultToStdout: ['--archive-to', '-'],
};
const JSON_LOOKALIKE = {
  name: 'json',
  options: [{ name: 'json', type: 'string', description: 'Not the one the Job uses here' }],
};
// --start-at must be within a day: a minute from now, as the Job's default delay gives.
const JOB = { segments: 3, startAt: new Date(Date.now() + 60_000).toISOString(), workers: 2 };

function refusal(e: unknown, message: string): boolean {
  return e instanceof UsageFailure && e.message === message && e.exitCode === 64;
}

describe('the output every pod of a Job writes its result document through', () => {
  it('is the first output that declares its stdout arguments', () => {
    const found = resultOutput(
      catalog(
        JSON_LOOKALIKE,
        { name: 'odd', resultToStdout: [1, 2] },
        { name: 'proto', kind: 'protocol', resultToStdout: ['--x'] },
        ARCHIVE,
        { name: 'later', resultToStdout: ['--later', '-'] },
      ),
    );
    assert.deepEqual(found, { plugin: 'archive', args: ['--archive-to', '-'] });
  });

  it('must exist: without one, kali merge - would have nothing to read', () => {
    assert.throws(
      () => resultOutput(catalog(JSON_LOOKALIKE)),
      (e) =>
        refusal(
          e,
          'kali k8s job: no output plugin can write the result document to stdout, which kali merge - reads from the pods’ logs',
        ),
    );
  });
});

describe('the arguments of every pod', () => {
  const plugins = catalog(JSON_LOOKALIKE, ARCHIVE);
  const { specs } = pluginOptionTable(plugins);
  const result = resultOutput(plugins);

  it('ask that output for the document on stdout, after the Job’s own options', async () => {
    const { args, config } = await jobArguments(
      ['--archive-every', '1s', '--json', 'x.json', '-c2', '127.0.0.1:9000'],
      JOB,
      specs,
      result,
    );
    assert.deepEqual(args, [
      '--segment',
      'auto/3',
      '--start-at',
      JOB.startAt,
      '--archive-to',
      '-',
      '--workers=2',
      '--archive-every',
      '1s',
      '--json',
      'x.json',
      '-c2',
      '127.0.0.1:9000',
    ]);
    assert.deepEqual(config.pluginOptions.archive, { 'archive-to': '-', 'archive-every': 1 });
    assert.equal(config.pluginOptions.json?.json, 'x.json');
  });

  it('refuse a load that sends the document elsewhere, or sets the Job’s own options', async () => {
    await assert.rejects(
      jobArguments(['--archive-to', 'out.json', '127.0.0.1:9000'], JOB, specs, result),
      (e) =>
        refusal(
          e,
          'kali k8s job: leave --archive-to to the Job: each pod writes its result document to stdout (--archive-to -) for kali merge -',
        ),
    );
    await assert.rejects(jobArguments(['--segment', '1/2', '127.0.0.1:9000'], JOB, specs, result), (e) =>
      refusal(e, 'kali k8s job: leave --segment to the Job: it gives every pod --segment auto/N'),
    );
  });
});
