import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ReplyParser, type ReplySink } from '../../../plugins/protocol-redis/src/reply-parser.js';

/** What a parser reported, in order: `ok`, `error`, or `malformed: reason`. */
class Recorder implements ReplySink {
  events: string[] = [];
  errors: string[] = [];
  parser!: ReplyParser;
  reply(error: boolean): void {
    this.events.push(error ? 'error' : 'ok');
    if (error) this.errors.push(this.parser.errorText());
  }
  malformed(reason: string): void {
    this.events.push(`malformed: ${reason}`);
  }
}

function parse(chunks: readonly Uint8Array[], keepErrors = true): Recorder {
  const r = new Recorder();
  r.parser = new ReplyParser(r, keepErrors);
  for (const c of chunks) r.parser.feed(c);
  return r;
}

const bytes = (s: string) => Buffer.from(s, 'latin1');

/** RESP2 values, nested up to a few levels. */
type Value =
  | { t: 'simple'; s: string }
  | { t: 'error'; s: string }
  | { t: 'int'; n: bigint }
  | { t: 'bulk'; b: Uint8Array | null }
  | { t: 'array'; items: Value[] | null };

const lineText = fc.string({ maxLength: 20 }).map((s) => s.replace(/[^\x20-\x7e]/g, ' '));
const { value: valueArb } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    lineText.map((s): Value => ({ t: 'simple', s })),
    lineText.map((s): Value => ({ t: 'error', s: `ERR ${s}` })),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n): Value => ({ t: 'int', n })),
    fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null }).map((b): Value => ({ t: 'bulk', b })),
    fc
      .option(fc.array(tie('value'), { maxLength: 4 }), { nil: null })
      .map((items): Value => ({ t: 'array', items })),
  ),
}));

function encode(v: Value): Buffer {
  switch (v.t) {
    case 'simple':
      return bytes(`+${v.s}\r\n`);
    case 'error':
      return bytes(`-${v.s}\r\n`);
    case 'int':
      return bytes(`:${v.n}\r\n`);
    case 'bulk':
      return v.b === null
        ? bytes('$-1\r\n')
        : Buffer.concat([bytes(`$${v.b.length}\r\n`), v.b, bytes('\r\n')]);
    case 'array':
      return v.items === null
        ? bytes('*-1\r\n')
        : Buffer.concat([bytes(`*${v.items.length}\r\n`), ...v.items.map(encode)]);
  }
}

/** Cuts `data` at the given offsets (any order, duplicates allowed). */
function cut(data: Buffer, at: readonly number[]): Buffer[] {
  const points = [...new Set(at.map((a) => a % (data.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    out.push(data.subarray(from, p));
    from = p;
  }
  out.push(data.subarray(from));
  return out;
}

describe('RESP2 reply parser', () => {
  it('reads every RESP2 type, nested arrays and nulls included', () => {
    const stream = [
      '+OK\r\n',
      '-ERR wrong type\r\n',
      ':-42\r\n',
      '$5\r\nhello\r\n',
      '$0\r\n\r\n',
      '$-1\r\n',
      '*-1\r\n',
      '*0\r\n',
      '*3\r\n:1\r\n*2\r\n$1\r\n\r\r\n-inner error\r\n*1\r\n*0\r\n',
      '-WRONGTYPE Operation against a key\r\n',
    ].join('');
    const r = parse([bytes(stream)]);
    assert.deepEqual(r.events, ['ok', 'error', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'error']);
    assert.deepEqual(r.errors, ['ERR wrong type', 'WRONGTYPE Operation against a key']);
  });

  it('an error reply nested in an array does not make the reply an error', () => {
    assert.deepEqual(parse([bytes('*2\r\n-ERR x\r\n+OK\r\n')]).events, ['ok']);
  });

  it('nests deeper than its initial stack', () => {
    const depth = 100;
    const r = parse([bytes(`${'*1\r\n'.repeat(depth)}:1\r\n+OK\r\n`)]);
    assert.deepEqual(r.events, ['ok', 'ok']);
  });

  it('reports malformed replies once and then reads nothing more', () => {
    const cases: [string, string][] = [
      ['!oops\r\n', 'unknown reply type byte'],
      ['$abc\r\n', 'bad byte in a number'],
      ['$\r\n', 'number without digits'],
      ['$-2\r\n', 'negative length'],
      ['*-5\r\n', 'negative length'],
      ['$3\r\nabcd\r\n', 'bulk string longer than its length'],
      ['$3\r\nabc\rx', 'bulk string longer than its length'],
      ['+OK\rX', 'CR without LF in a status line'],
      ['+OK\n', 'LF without CR in a status line'],
      [':1\rx', 'CR without LF after a number'],
      [':12345678901234567890\r\n', 'number too long'],
      ['$999999999999\r\n', 'bulk string too long'],
      ['*99999999999\r\n', 'array too long'],
      [`${'*1\r\n'.repeat(1025)}`, 'arrays nested too deep'],
    ];
    for (const [stream, reason] of cases) {
      const r = parse([bytes(`+OK\r\n${stream}`), bytes('+OK\r\n')]);
      assert.deepEqual(r.events, ['ok', `malformed: ${reason}`], JSON.stringify(stream));
      assert.ok(r.parser.stopped);
    }
  });

  it('keeps at most the first 160 bytes of an error, and only when asked', () => {
    const long = `ERR ${'x'.repeat(300)}`;
    assert.equal(parse([bytes(`-${long}\r\n`)]).errors[0], long.slice(0, 160));
    assert.equal(parse([bytes(`-${long}\r\n`)], false).errors[0], '');
  });

  it('stops reading when told, also from inside a reply callback', () => {
    const r = new Recorder();
    const parser = new ReplyParser(
      {
        reply: (e) => {
          r.reply(e);
          parser.stop();
        },
        malformed: (m) => r.malformed(m),
      },
      false,
    );
    r.parser = parser;
    parser.feed(bytes('+OK\r\n+OK\r\n'));
    parser.feed(bytes('+OK\r\n'));
    assert.deepEqual(r.events, ['ok']);
  });

  it('any chunking of a valid reply stream parses as the whole stream does', () => {
    fc.assert(
      fc.property(
        fc.array(valueArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (values, cuts) => {
          const data = Buffer.concat(values.map(encode));
          const expected = values.map((v) => (v.t === 'error' ? 'error' : 'ok'));
          const whole = parse([data]);
          assert.deepEqual(whole.events, expected);
          assert.deepEqual(parse(cut(data, cuts)).events, expected);
          assert.deepEqual(parse(cut(data, cuts)).errors, whole.errors);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('one byte at a time parses as the whole stream does', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 1, maxLength: 8 }), (values) => {
        const data = Buffer.concat(values.map(encode));
        const singles = [...data].map((b) => Uint8Array.of(b));
        assert.deepEqual(parse(singles).events, parse([data]).events);
      }),
      { numRuns: 200 },
    );
  });

  it('arbitrary bytes never throw, and malformed input is reported at most once, last', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const r = parse(chunks);
        const bad = r.events.filter((e) => e.startsWith('malformed'));
        assert.ok(bad.length <= 1);
        if (bad.length === 1) assert.ok(r.events.at(-1)?.startsWith('malformed'));
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary bytes after valid replies: the valid ones are still read', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { maxLength: 5 }), fc.uint8Array({ maxLength: 64 }), (values, junk) => {
        const valid = Buffer.concat(values.map(encode));
        const r = parse([Buffer.concat([valid, junk])]);
        assert.deepEqual(r.events.slice(0, values.length), parse([valid]).events);
      }),
      { numRuns: 500 },
    );
  });
});
