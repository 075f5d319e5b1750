import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command, Config } from '@oclif/core';
import Report from '../../plugins/output-html/src/commands/report.js';
import { manPage } from '../../src/cli/man-page.js';
import { OPTIONS } from '../../src/cli/option-table.js';
import { manCommand, pluginCommands } from '../../src/cli/plugin-commands.js';
import type { PluginOptionSpec } from '../../src/cli/plugin-options.js';

const plugin: PluginOptionSpec = {
  owner: { kind: 'output', name: 'demo', packageName: 'kali-plugin-demo' },
  ownerDescription: 'A demo output',
  declaration: { name: 'demo-file', type: 'string', valueName: 'FILE', description: 'Where to write \\ it' },
} as unknown as PluginOptionSpec;

describe('kali.1', () => {
  const page = manPage('1.2.3', '', [plugin]);

  it('documents every option of the table, as roff', () => {
    for (const spec of OPTIONS.filter((s) => !s.hidden)) {
      for (const name of spec.long) assert.ok(page.includes(`\\-\\-${name.replaceAll('-', '\\-')}`), name);
      if (spec.short) assert.ok(page.includes(`\\-${spec.short}`), spec.short);
    }
    assert.match(page, /^\.TH KALI 1 "" "kali 1\.2\.3" "User Commands"$/m);
  });

  it("lists plugins' options under their plugin, escaped", () => {
    assert.match(page, /^\.SS Output plugin demo — A demo output$/m);
    assert.match(page, /^\.B \\-\\-demo\\-file <FILE>$/m);
    assert.match(page, /^Where to write \\e it$/m);
  });

  it('starts no text line with a control character, and ends with exit statuses', () => {
    for (const line of page.split('\n')) {
      if (/^[.']/.test(line)) assert.match(line, /^\.(TH|SH|SS|TP|B|BR|br|nf|fi)( |$)/, line);
    }
    assert.match(page, /^\.SH EXIT STATUS$/m);
    assert.match(page, /^\.B 99$/m);
  });
});

describe("kali.1's commands", () => {
  it('come from the plugin packages for theirs: the host names none', () => {
    const bare = manPage('1.2.3', '', []);
    assert.doesNotMatch(bare, /\\fBreport\\fR|kali report/);
    const page = manPage('1.2.3', '', [], [{ usage: 'demo RESULT -o FILE', summary: 'Does a demo.' }]);
    assert.match(page, /^\\fBmerge\\fR\|\\fBcompare\\fR\|\\fBk8s\\fR\|\\fBdemo\\fR\|\\fBplugins\\fR\|/m);
    assert.match(page, /^\.B kali demo RESULT \\-o FILE\nDoes a demo\.$/m);
  });

  it('are read from oclif: only kali plugin packages, hidden ones left out', () => {
    const command = (id: string, pluginName: string, more: Partial<Command.Loadable> = {}) =>
      ({ id, pluginName, summary: `${id} summary`, args: {}, flags: {}, ...more }) as Command.Loadable;
    const config = {
      commands: [
        command('zeta', 'kali-plugin-z'),
        command('secret', 'kali-plugin-z', { hidden: true }),
        command('merge', 'kali'),
        command('help', '@oclif/plugin-help'),
        command('alpha', 'kali-plugin-a'),
      ],
      plugins: new Map([
        ['kali-plugin-z', { pjson: { kali: { apiVersion: '1.2' } } }],
        ['kali-plugin-a', { pjson: { kali: { apiVersion: '1.0' } } }],
        ['kali', { pjson: {} }],
        ['@oclif/plugin-help', { pjson: {} }],
      ]),
    } as unknown as Pick<Config, 'commands' | 'plugins'>;
    assert.deepEqual(pluginCommands(config), [
      { usage: 'alpha', summary: 'alpha summary' },
      { usage: 'zeta', summary: 'zeta summary' },
    ]);
  });

  it('say how they are called: arguments, required flags with their value', () => {
    const loadable = {
      ...Report,
      id: 'report',
      pluginName: '@kali/output-html',
    } as unknown as Command.Loadable;
    assert.deepEqual(manCommand(loadable), {
      usage: 'report RESULT -o FILE.html',
      summary: 'Write the HTML report of a saved result document.',
    });
    const described = {
      id: 'x:y',
      description: 'First sentence. Second one.',
      args: { input: { required: false } },
      flags: { level: { type: 'option', required: true }, verbose: { type: 'boolean', required: false } },
    } as unknown as Command.Loadable;
    assert.deepEqual(manCommand(described), {
      usage: 'x y [INPUT] --level LEVEL',
      summary: 'First sentence.',
    });
  });
});
