import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ContentArg, ContentContext, ContentOption } from 'kali';
import factory from '../../../plugins/content-file/src/index.js';
import { unescapeBytes } from '../../../src/content/unescape.js';
import { kaliApi } from '../../helpers/kali-api.js';

const plugin = factory(kaliApi);
const ctx: ContentContext = {
  config: {} as ContentContext['config'],
  options: {},
  log: () => {},
  side: 'client',
  unescape: unescapeBytes,
  seed: 1,
};
const load = (option: ContentOption, value: string) =>
  plugin.load!({ option, value, unescape: false } satisfies ContentArg, ctx);

function refusal(option: ContentOption, value: string): { message: string; exitCode?: number } {
  try {
    load(option, value);
  } catch (e) {
    return e as { message: string; exitCode?: number };
  }
  throw new Error(`--${option}=${value} was read`);
}

const dir = mkdtempSync(join(tmpdir(), 'kali-file-plugin-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the file content plugin', () => {
  it('reads -f and --first-message-file, and leaves other options alone', () => {
    const path = join(dir, 'body');
    writeFileSync(path, 'BODY');
    assert.equal(Buffer.from(load('message-file', path)!).toString(), 'BODY');
    assert.equal(Buffer.from(load('first-message-file', path)!).toString(), 'BODY');
    assert.equal(load('message', path), undefined);
    assert.equal(load('header', path), undefined);
  });

  it("keeps tcpkali's wording and exit 65 for a file that cannot be opened (case-40)", () => {
    const missing = join(dir, 'missing');
    const e = refusal('message-file', missing);
    assert.equal(e.message, `${missing}: No such file or directory`);
    assert.equal(e.exitCode, 65);
  });

  it('refuses what would not fit, naming the option and the file, with exit 65', () => {
    const e = refusal('message-file', '/dev/zero');
    assert.equal(
      e.message,
      '--message-file=/dev/zero: larger than 16 MiB, the most kali reads from one file',
    );
    assert.equal(e.exitCode, 65);
    const first = refusal('first-message-file', '/dev/urandom');
    assert.equal(
      first.message,
      '--first-message-file=/dev/urandom: larger than 16 MiB, the most kali reads from one file',
    );
    assert.equal(first.exitCode, 65);
  });
});
