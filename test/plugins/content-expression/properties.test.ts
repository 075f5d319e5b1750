import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type CompileOptions, compile } from './helpers.js';

/** Pieces that make random inputs land in interesting places of the grammar. */
const FRAGMENTS = [
  '\\{',
  '}',
  '{',
  ' ',
  'connection.uid',
  'connection.ptr',
  'message.marker',
  're ',
  'connection.re ',
  'global.re ',
  'raw ',
  'ws.text',
  'ws.binary',
  'ws.ping',
  'ws.cont',
  'ws.',
  ' ...',
  ' rsv1',
  ' rsv3',
  '%',
  ' % ',
  '0',
  '7',
  '12',
  '"',
  '"q"',
  '"\\"',
  '<',
  '>',
  '[',
  ']',
  '[a-z]',
  '-',
  '(',
  ')',
  '|',
  '*',
  '+',
  '?',
  '{2}',
  '{1,3}',
  ',',
  'a',
  'Z',
  '\\',
  '\\x41',
  '\\n',
  'é',
  '\n',
  '\t',
  '.',
  '...',
  '<">',
  'x\\{re a}y',
];

/** Well-formed sources that mutations start from. */
const VALID = [
  'GET /\\{re [a-z]{8}} HTTP/1.1\\r\\n\\r\\n',
  'PFX-\\{connection.uid % 10 % 3}-\\{connection.ptr}',
  '\\{ws.ping}\\{ws.pong "p"}\\{ws.binary "b" rsv1}\\{ws.text "t" ...}\\{raw "RAW"}plain',
  'M\\{message.marker}\\{re (ab|cd)?y*}',
  '\\{global.re [0-9]{4}}|\\{connection.re [A-Z]{3}}|\\{raw {connection.uid}}',
  '\\{re x{2,5}(a|b|[c-e0-3_])+}z',
];

const options = fc.record({
  ws: fc.boolean(),
  side: fc.constantFrom('client' as const, 'server' as const),
  unescape: fc.boolean(),
});

const identity = fc.record({ uid: fc.integer({ min: 1, max: 2 ** 40 }), ptr: fc.nat() });

const GUARD = 8;

/** Either a template whose renders stay within maxLength, or a one-line exit-1 ExpressionError. */
function checkInput(text: string, o: CompileOptions, who: { uid: number; ptr: number }): void {
  let template: ReturnType<typeof compile>;
  try {
    template = compile(text, o);
  } catch (e) {
    assert.ok(e instanceof Error, 'an Error');
    assert.equal((e as { exitCode?: number }).exitCode, 1, e.message);
    assert.equal(e.name, 'ExpressionError', e.message);
    assert.ok(!e.message.includes('\n'), e.message);
    assert.match(
      e.message,
      /^(--message='.*' ?: .* at character \d+|--message='.*': one message may reach|Can't open ")/,
    );
    return;
  }
  assert.ok(Number.isSafeInteger(template.maxLength) && template.maxLength >= 0);
  if (template.bytes) {
    assert.ok(template.bytes.length <= template.maxLength);
    return;
  }
  const renderer = template.bind!(who);
  const out = new Uint8Array(template.maxLength + 2 * GUARD).fill(0xee);
  for (let i = 0; i < 3; i++) {
    const n = renderer.render(out, GUARD, 1_700_000_000_000_000 + i);
    assert.ok(n >= 0 && n <= template.maxLength, `${n} > ${template.maxLength}`);
    for (let g = 0; g < GUARD; g++) {
      assert.equal(out[g], 0xee, 'wrote before offset');
      assert.equal(out[GUARD + template.maxLength + g], 0xee, 'wrote beyond maxLength');
    }
  }
  if (renderer.bytes) assert.ok(renderer.bytes.length <= template.maxLength);
}

const mutation = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 4 }),
  text: fc.constantFrom(...FRAGMENTS),
});

function mutate(text: string, steps: { kind: string; at: number; length: number; text: string }[]): string {
  for (const s of steps) {
    const at = s.at % (text.length + 1);
    if (s.kind === 'insert') text = text.slice(0, at) + s.text + text.slice(at);
    else if (s.kind === 'delete') text = text.slice(0, at) + text.slice(at + s.length);
    else text = text.slice(0, at) + s.text + text.slice(at + s.length);
  }
  return text;
}

describe('any input compiles or is refused cleanly, and renders stay within maxLength', () => {
  it('token soup (5,000 inputs)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 24 }),
        options,
        identity,
        (parts, o, who) => checkInput(parts.join(''), o, who),
      ),
      { numRuns: 5000 },
    );
  });

  it('mutated valid expressions (5,000 inputs)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        options,
        identity,
        (text, steps, o, who) => checkInput(mutate(text, steps), o, who),
      ),
      { numRuns: 5000 },
    );
  });

  it('arbitrary strings (1,000 inputs)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), options, identity, (text, o, who) =>
        checkInput(`\\{${text}`, o, who),
      ),
      { numRuns: 1000 },
    );
  });
});

/** A pattern of the supported subset, printed for tcpkali and translated for JavaScript. */
interface Pattern {
  kali: string;
  js: string;
}

const LITERALS = 'abcxyzQ019._-%#!@&=/:';
const jsEscape = (c: string) => (/[a-zA-Z0-9]/.test(c) ? c : `\\${c}`);

const literal = fc.constantFrom(...LITERALS).map((c): Pattern => ({ kali: c, js: jsEscape(c) }));

const classItem = fc.oneof(
  fc.constantFrom('a-z', '0-9', 'A-F', '_', 'q', 'x-z'),
  fc.tuple(fc.constantFrom(...'abcdefgh'), fc.constantFrom(...'hijklmno')).map(([a, b]) => `${a}-${b}`),
);
const charClass = fc
  .array(classItem, { minLength: 1, maxLength: 3 })
  .map((items): Pattern => ({ kali: `[${items.join('')}]`, js: `[${items.join('')}]` }));

const quantifier = fc.oneof(
  fc.constant({ kali: '', js: '' }),
  fc.constant({ kali: '*', js: '{0,16}' }),
  fc.constant({ kali: '+', js: '{1,16}' }),
  fc.constant({ kali: '?', js: '?' }),
  fc.integer({ min: 0, max: 5 }).map((n) => ({ kali: `{${n}}`, js: `{${n}}` })),
  fc
    .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }))
    .map(([a, b]) => ({ kali: `{ ${a} , ${a + b} }`, js: `{${a},${a + b}}` })),
);

const { alternation } = fc.letrec<{ alternation: Pattern; sequence: Pattern; piece: Pattern; atom: Pattern }>(
  (tie) => ({
    alternation: fc.array(tie('sequence'), { minLength: 1, maxLength: 3 }).map((seqs) => ({
      kali: seqs.map((s) => s.kali).join('|'),
      js: seqs.map((s) => s.js).join('|'),
    })),
    sequence: fc
      .tuple(fc.array(tie('piece'), { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([pieces, spaced]) => ({
        kali: pieces.map((p) => p.kali).join(spaced ? ' ' : ''),
        js: pieces.map((p) => p.js).join(''),
      })),
    // Repeated groups are left out: V8's backtracking needs exponential time on nested repeats,
    // and the generator's handling of groups is covered by `?` and by repeated single atoms.
    piece: fc
      .tuple(tie('atom'), quantifier, fc.boolean())
      .map(([a, q, optional]) =>
        a.kali.startsWith('(')
          ? { kali: a.kali + (optional ? '?' : ''), js: `${a.js}${optional ? '?' : ''}` }
          : { kali: a.kali + q.kali, js: `(?:${a.js})${q.js}` },
      ),
    atom: fc.oneof(
      // Shallow nesting keeps messages short and JavaScript's backtracking matcher fast.
      { maxDepth: 2, depthIdentifier: 'group', withCrossShrink: true },
      literal,
      charClass,
      tie('alternation').map((a) => ({ kali: `(${a.kali})`, js: `(?:${a.js})` })),
    ),
  }),
);

describe('re output matches its pattern', () => {
  it('2,000 random patterns, 20 messages each', () => {
    fc.assert(
      fc.property(alternation, options, identity, (pattern, o, who) => {
        const t = compile(`<\\{re ${pattern.kali}}>`, { ...o, ws: false });
        const expected = new RegExp(`^<(?:${pattern.js})>$`);
        const renderer = t.bind!(who);
        const out = new Uint8Array(t.maxLength);
        for (let i = 0; i < 20; i++) {
          const n = renderer.render(out, 0, 0);
          const text = Buffer.from(out.subarray(0, n)).toString('latin1');
          assert.match(text, expected, `pattern ${pattern.kali}`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('connection.re and global.re match too', () => {
    fc.assert(
      fc.property(alternation, fc.integer(), identity, (pattern, seed, who) => {
        const t = compile(`\\{connection.re ${pattern.kali}}/\\{global.re ${pattern.kali}}`, { seed });
        const text = (t.bytes ? Buffer.from(t.bytes) : Buffer.from(t.bind!(who).bytes!)).toString('latin1');
        assert.match(text, new RegExp(`^(?:${pattern.js})/(?:${pattern.js})$`));
      }),
      { numRuns: 500 },
    );
  });
});

describe('global.re agrees across compilations', () => {
  it('is equal for two compilations with the same seed (every worker compiles on its own)', () => {
    fc.assert(
      fc.property(alternation, fc.integer(), options, (pattern, seed, o) => {
        const source = `id=\\{global.re ${pattern.kali}}`;
        const a = compile(source, { ...o, seed });
        const b = compile(source, { ...o, seed });
        assert.deepEqual(a.bytes, b.bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('changes with the seed', () => {
    const values = new Set<string>();
    for (let seed = 0; seed < 20; seed++)
      values.add(Buffer.from(compile('\\{global.re [a-z]{16}}', { seed }).bytes!).toString());
    assert.equal(values.size, 20);
  });
});
