import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { quoted, yamlText } from '../../src/k8s/yaml-text.js';

/** Kubernetes reads manifests with a YAML 1.1 parser; the yaml package speaks both versions. */
const readBack = (text: string) => [parse(text, { version: '1.1' }), parse(text, { version: '1.2' })];

/** Arguments a load might have, each one a trap for some way of writing YAML. */
const TRICKY = [
  '',
  ' ',
  'two words',
  '  leading and trailing  ',
  '-c',
  '--message-rate=10',
  '-',
  '--',
  '- item',
  'say "hi"',
  "it's",
  'back\\slash',
  '\\{connection.uid}',
  'id=\\{connection.uid}\\n',
  '\\x41\\0101',
  '{"json": [1, 2]}',
  '[a, b]',
  'key: value',
  'a #comment',
  '# comment',
  '&anchor',
  '*alias',
  '!tag',
  '|',
  '>',
  '%directive',
  '@at',
  '`tick`',
  '?',
  ':',
  'on',
  'off',
  'yes',
  'No',
  'y',
  'true',
  'null',
  '~',
  '10',
  '10k',
  '0x10',
  '010',
  '1e3',
  '.5',
  '1_000',
  '12:30:00',
  '.inf',
  '.NaN',
  '2030-01-01',
  'line\nbreak',
  'tab\there',
  'cr\rlf',
  'nul\u0000byte',
  'bell\u0007',
  'del\u007f',
  'nel\u0085next',
  'ls\u2028ps\u2029',
  'bom\ufeff',
  'é, ü, 日本, 🚀',
  '127.0.0.1:9000',
  '[::1]:9000',
  'ws://host:80/path?q=1&r=2',
];

describe('yamlText', () => {
  it('every string comes back exactly, read as YAML 1.1 or 1.2', () => {
    const doc = { args: TRICKY, map: Object.fromEntries(TRICKY.map((t, i) => [`k${i}`, t])) };
    for (const back of readBack(yamlText(doc))) assert.deepEqual(back, doc);
    for (const t of TRICKY) for (const back of readBack(`v: ${quoted(t)}\n`)) assert.equal(back.v, t);
  });

  it('writes numbers, booleans, nesting, sequences of mappings, and empty ones', () => {
    const doc = {
      n: 3,
      f: 0.5,
      b: false,
      nested: { deeper: { list: [1, 'two', { three: 3, four: [4] }] } },
      items: [{ name: 'a', value: 'x' }, { name: 'b' }],
      empty: [],
      none: {},
      'app.kubernetes.io/name': 'kali',
      'needs quoting': 'yes',
      // YAML 1.1 reads these keys as booleans, null or numbers unless quoted.
      y: 'key y',
      No: 'key No',
      null: 'key null',
      '10': 'key 10',
      '-': 'key -',
    };
    const text = yamlText(doc);
    for (const back of readBack(text)) assert.deepEqual(back, doc);
    assert.match(text, /^items:\n {2}- name: "a"\n {4}value: "x"\n {2}- name: "b"$/m);
    assert.match(text, /^app\.kubernetes\.io\/name: "kali"$/m);
  });

  it('leaves out undefined entries', () => {
    assert.equal(yamlText({ a: 1, b: undefined, c: { d: undefined } }), 'a: 1\nc: {}\n');
  });

  it('puts comments before the entries they are about, also before a sequence item', () => {
    const text = yamlText(
      { top: 1, list: [{ a: 1 }, 'x'], obj: { inner: true } },
      new Map([
        ['top', ['about top', '', 'after a blank']],
        ['list[0]', ['first item']],
        ['list[0].a', ['key a']],
        ['obj.inner', ['inner']],
      ]),
    );
    assert.equal(
      text,
      [
        '# about top',
        '#',
        '# after a blank',
        'top: 1',
        'list:',
        '  # first item',
        '    # key a',
        '  - a: 1',
        '  - "x"',
        'obj:',
        '  # inner',
        '  inner: true',
        '',
      ].join('\n'),
    );
    for (const back of readBack(text))
      assert.deepEqual(back, { top: 1, list: [{ a: 1 }, 'x'], obj: { inner: true } });
  });

  it('refuses numbers YAML cannot carry into a manifest', () => {
    assert.throws(() => yamlText({ a: Number.POSITIVE_INFINITY }), /no YAML form/);
  });
});
