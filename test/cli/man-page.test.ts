import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manPage } from '../../src/cli/man-page.js';
import { OPTIONS } from '../../src/cli/option-table.js';
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
