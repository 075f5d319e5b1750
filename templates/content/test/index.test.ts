import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContentContext, ContentSource, KaliApi } from 'kali';
import factory from '../src/index.js';

/** What kali hands the factory; its error() makes the one-line error kali prints. */
const kali: KaliApi = {
  apiVersion: '__KALI_API_VERSION__',
  exit: { FAILED: 1, USAGE: 64, DATA: 65, NO_HOST: 68, UNAVAILABLE: 69 },
  error: (message, exitCode = 1) => Object.assign(new Error(message), { exitCode }),
  describeError: (err) => (err instanceof Error ? err.message : String(err)),
  decodeHistogram: () => {
    throw new Error('not needed by these tests');
  },
  handOver: () => {},
  handedOver: () => undefined,
};

const NAME = '__PLUGIN_NAME__';
const text = (s: string) => new TextEncoder().encode(s);

/** A context like kali's, where --__PLUGIN_NAME__-repeat was given as `repeat` (default 1). */
function context(repeat = 1): ContentContext {
  return {
    config: {} as ContentContext['config'],
    options: { [`${NAME}-repeat`]: repeat },
    log: () => {},
    side: 'client',
    seed: 1,
    // Stands in for tcpkali's -e rules: only `\n` here.
    unescape: (bytes) => text(new TextDecoder().decode(bytes).replaceAll('\\n', '\n')),
  };
}

function source(value: string, escaped = false): ContentSource {
  return { option: 'message', bytes: text(value), unescape: escaped, origin: value };
}

test('owns arguments with its prefix and repeats their text', () => {
  const plugin = factory(kali);
  assert.equal(plugin.kind, 'content');
  assert.equal(plugin.name, NAME);
  const template = plugin.compile?.(source(`${NAME}:ab`), context(3));
  assert.equal(new TextDecoder().decode(template?.bytes), 'ababab');
  assert.equal(template?.maxLength, 6);
  assert.equal(plugin.compile?.(source('plain text'), context(3)), undefined);
});

test('applies -e to the text', () => {
  const template = factory(kali).compile?.(source(`${NAME}:a\\n`, true), context());
  assert.equal(new TextDecoder().decode(template?.bytes), 'a\n');
});

test('refuses a repeat count below 1 with a usage error', () => {
  assert.throws(() => factory(kali).compile?.(source(`${NAME}:x`), context(0)), { exitCode: 64 });
});
