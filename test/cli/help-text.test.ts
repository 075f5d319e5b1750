import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { longUsage, shortUsage } from '../../src/cli/help-text.js';
import { runFlags } from '../../src/cli/oclif-flags.js';
import { OPTIONS } from '../../src/cli/option-table.js';
import { tableOf } from './helpers/plugin-table.js';

describe('help screens', () => {
  it('name kali and explain the units', () => {
    for (const text of [shortUsage(), longUsage()]) {
      assert.match(text, /^Usage: kali /);
      assert.doesNotMatch(text, /tcpkali \[/);
      assert.match(text, /k \(1000\)/);
      assert.match(text, /k \(1024\)/);
      assert.match(text, /kbps/);
      assert.match(text, /ms, s, m \(minutes\), h, d or y/);
      assert.ok(text.endsWith('\n'));
    }
  });
  it('the long one lists every advertised option', () => {
    const text = longUsage();
    for (const spec of OPTIONS) {
      for (const name of spec.long) {
        assert.equal(text.includes(`--${name}`), !spec.hidden, name);
      }
      if (spec.short) assert.ok(text.includes(`-${spec.short}`), spec.short);
    }
  });
  it('the short one lists only the common options', () => {
    const text = shortUsage();
    assert.match(text, /-c, --connections <N>/);
    assert.match(text, /-1, --first-message <text>/);
    assert.doesNotMatch(text, /--statsd/);
  });
});

describe("plugins' options in help", () => {
  const { specs } = tableOf(
    {
      name: 'demo',
      description: 'Demo output',
      options: [
        { name: 'demo-on', type: 'flag', description: 'Turn it on' },
        { name: 'demo-wait', type: 'duration', description: 'How long', default: 0.25 },
        { name: 'demo-speed', type: 'bandwidth', description: 'How fast', default: 8000 },
        { name: 'demo-host', type: 'string', valueName: 'host', description: 'Where', default: 'h' },
        { name: 'demo-mode', type: 'enum', choices: ['a', 'b'], description: 'Which', repeatable: true },
      ],
    },
    { name: 'tcp2', kind: 'transport', options: [{ name: 'tcp2-x', type: 'count', description: 'X' }] },
  );
  it('are listed by --help under the plugin, generated from the declarations', () => {
    const text = longUsage(specs);
    const at = text.indexOf('Output plugin demo — Demo output:\n');
    assert.ok(at > text.indexOf('Plugins (kali only):'), text);
    assert.ok(at < text.indexOf('Units:'), text);
    const section = text.slice(at).split('\n\n')[0].split('\n');
    assert.deepEqual(
      section.map((l) => l.replace(/ {2,}/g, '  ').trim()),
      [
        'Output plugin demo — Demo output:',
        '--demo-on  Turn it on',
        '--demo-wait <Time>  How long [default: 0.25s]',
        '--demo-speed <Bandwidth>  How fast [default: 8000bps]',
        '--demo-host <host>  Where [default: h]',
        '--demo-mode <a|b>  Which [repeatable]',
      ],
    );
    assert.match(text, /\nTransport plugin tcp2:\n {2}--tcp2-x <N> +X\n/);
  });
  it('are not on the short screen, nor without plugins', () => {
    assert.doesNotMatch(shortUsage(), /--demo/);
    assert.doesNotMatch(longUsage(), /--demo|plugin demo/);
  });
});

describe('oclif flags', () => {
  it('are generated from the table', () => {
    assert.equal(runFlags.connections.char, 'c');
    assert.equal(runFlags.connections.type, 'option');
    assert.equal(runFlags['first-message'].char, '1');
    assert.equal(runFlags.websocket, undefined);
    assert.deepEqual(runFlags.ws.aliases, ['websocket']);
    assert.equal(runFlags.ssl.type, 'boolean');
    const message = runFlags.message as { multiple?: boolean; multipleNonGreedy?: boolean };
    assert.equal(message.multiple, true);
    assert.equal(message.multipleNonGreedy, true);
    assert.deepEqual((runFlags.nagle as { options?: string[] }).options, ['on', 'off']);
    assert.equal(runFlags.server.hidden, true);
    // --help and --version are oclif's own; short-only -h would read as --short-help.
    const shortOnly = OPTIONS.filter((o) => o.long.length === 0).length;
    assert.equal(Object.keys(runFlags).length, OPTIONS.length - 2 - shortOnly);
    assert.equal(runFlags['short-help'], undefined);
  });
});
