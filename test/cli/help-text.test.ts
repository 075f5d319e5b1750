import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { longUsage, shortUsage } from '../../src/cli/help-text.js';
import { runFlags } from '../../src/cli/oclif-flags.js';
import { OPTIONS } from '../../src/cli/option-table.js';

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
    assert.equal(Object.keys(runFlags).length, OPTIONS.length - 2);
  });
});
