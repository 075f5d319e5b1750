import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bytes, cut, parse } from './helpers.js';

/** One response as a server might frame it, and what the parser must report for it. */
interface Response {
  interim: number[];
  status: number;
  http10: boolean;
  connection: string | undefined;
  framing: 'length' | 'chunked' | 'none';
  body: Uint8Array;
  /** Where the body is cut into chunks, with each chunk line's leading zeros and extension. */
  chunkCuts: number[];
  chunkStyle: { zeros: number; upper: boolean; ext: string }[];
  trailers: [string, string][];
  extra: [string, string][];
  nameCase: 'lower' | 'upper' | 'as-is';
  lf: boolean;
}

const MATTERS = /^(content-length|transfer-encoding|connection)$/i;
const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,12}$/).filter((n) => !MATTERS.test(n));
const fieldValue = fc.string({ maxLength: 20 }).map((s) => s.replace(/[^\x20-\x7e]/g, ' ').trim());
const header = fc.tuple(token, fieldValue);

const responseArb: fc.Arbitrary<Response> = fc.record({
  interim: fc.array(fc.constantFrom(100, 102, 103), { maxLength: 2 }),
  status: fc.constantFrom(200, 201, 204, 206, 301, 304, 404, 418, 500, 503),
  http10: fc.boolean(),
  connection: fc.constantFrom(undefined, 'keep-alive', 'close', 'Keep-Alive, Upgrade', 'TE, close'),
  framing: fc.constantFrom('length' as const, 'chunked' as const),
  body: fc.uint8Array({ maxLength: 60 }),
  chunkCuts: fc.array(fc.nat(), { maxLength: 4 }),
  chunkStyle: fc.array(
    fc.record({
      zeros: fc.nat(3),
      upper: fc.boolean(),
      ext: fc.constantFrom('', ';a', ' ; a=b', ';q="x;y"'),
    }),
    { minLength: 6, maxLength: 6 },
  ),
  trailers: fc.array(header, { maxLength: 2 }),
  extra: fc.array(header, { maxLength: 3 }),
  nameCase: fc.constantFrom('lower' as const, 'upper' as const, 'as-is' as const),
  lf: fc.boolean(),
});

const named = (r: Response, name: string): string =>
  r.nameCase === 'lower' ? name.toLowerCase() : r.nameCase === 'upper' ? name.toUpperCase() : name;

const noBody = (r: Response, head: boolean) => head || r.status === 204 || r.status === 304;

/** The response's bytes; `head`: the request was HEAD, so the body is left out. */
function encode(r: Response, head: boolean): Buffer {
  const eol = r.lf ? '\n' : '\r\n';
  const parts: Buffer[] = [];
  for (const code of r.interim) parts.push(bytes(`HTTP/1.1 ${code} Interim${eol}X-I: 1${eol}${eol}`));
  const lines = [`HTTP/1.${r.http10 ? 0 : 1} ${r.status} Reason phrase`];
  for (const [n, v] of r.extra) lines.push(`${n}: ${v}`);
  if (r.connection !== undefined) lines.push(`${named(r, 'Connection')}: ${r.connection}`);
  if (r.framing === 'length') lines.push(`${named(r, 'Content-Length')}: ${r.body.length}`);
  if (r.framing === 'chunked') lines.push(`${named(r, 'Transfer-Encoding')}: chunked`);
  parts.push(bytes(lines.join(eol) + eol + eol));
  if (noBody(r, head) || r.framing === 'none') {
    if (r.framing === 'none') parts.push(Buffer.from(r.body));
    return Buffer.concat(parts);
  }
  if (r.framing === 'length') {
    parts.push(Buffer.from(r.body));
    return Buffer.concat(parts);
  }
  const chunks = cut(r.body, r.chunkCuts).filter((c) => c.length > 0);
  chunks.forEach((c, i) => {
    const style = r.chunkStyle[i % r.chunkStyle.length];
    const size = c.length.toString(16);
    parts.push(
      bytes(`${'0'.repeat(style.zeros)}${style.upper ? size.toUpperCase() : size}${style.ext}${eol}`),
    );
    parts.push(Buffer.from(c), bytes(eol));
  });
  parts.push(bytes(`0${eol}`));
  for (const [n, v] of r.trailers) parts.push(bytes(`${n}: ${v}${eol}`));
  parts.push(bytes(eol));
  return Buffer.concat(parts);
}

function expected(r: Response): string {
  const keepAlive = /keep-alive/i.test(r.connection ?? '');
  const close = r.http10 ? !keepAlive : /close/i.test(r.connection ?? '');
  return close || r.framing === 'none' ? `${r.status} close` : `${r.status}`;
}

/** A stream of responses, the last one optionally ended by the connection closing. */
const streamArb = (head: boolean) =>
  fc
    .tuple(fc.array(responseArb, { minLength: 1, maxLength: 8 }), fc.boolean())
    .map(([responses, closeDelimited]) => {
      const last = responses.at(-1) as Response;
      // A body ended by the close is last by nature; HEAD responses and 204/304 never have one.
      if (closeDelimited && !noBody(last, head)) last.framing = 'none';
      // Only the last response may end the connection; otherwise what follows would be unread.
      for (const r of responses.slice(0, -1)) {
        r.http10 = false;
        if (r.connection?.includes('close')) r.connection = 'keep-alive';
      }
      return responses;
    });

describe('HTTP response parser, fuzzed', () => {
  for (const head of [false, true]) {
    const kind = head ? 'responses to HEAD' : 'responses';
    it(`any chunking of valid ${kind} parses as the whole stream does`, () => {
      fc.assert(
        fc.property(streamArb(head), fc.array(fc.nat(), { maxLength: 30 }), (responses, cuts) => {
          const data = Buffer.concat(responses.map((r) => encode(r, head)));
          const want = responses.map(expected);
          const opts = { head, end: true };
          assert.deepEqual(parse([data], opts), want);
          assert.deepEqual(parse(cut(data, cuts), opts), want);
        }),
        { numRuns: 600 },
      );
    });
  }

  it('one byte at a time parses as the whole stream does', () => {
    fc.assert(
      fc.property(streamArb(false), (responses) => {
        const data = Buffer.concat(responses.map((r) => encode(r, false)));
        const singles = [...data].map((b) => Uint8Array.of(b));
        assert.deepEqual(parse(singles, { end: true }), parse([data], { end: true }));
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary bytes never throw, and malformed input is reported at most once, last', () => {
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      // Near-misses get further into the state machine than random bytes do.
      fc.tuple(responseArb, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([r, at, b]) => {
        const data = encode(r, false);
        if (data.length > 0) data[at % data.length] = b;
        return new Uint8Array(data);
      }),
    );
    fc.assert(
      fc.property(fc.array(junk, { maxLength: 6 }), fc.boolean(), fc.boolean(), (chunks, head, end) => {
        const events = parse(chunks, { head, end });
        const bad = events.filter((e) => e.startsWith('malformed'));
        assert.ok(bad.length <= 1);
        if (bad.length === 1) assert.ok(events.at(-1)?.startsWith('malformed'));
        for (const e of events) if (!e.startsWith('malformed')) assert.match(e, /^[1-5]\d\d( close)?$/);
      }),
      { numRuns: 3000 },
    );
  });

  it('bytes after valid responses leave those responses read', () => {
    fc.assert(
      fc.property(streamArb(false), fc.uint8Array({ maxLength: 64 }), (responses, junk) => {
        const framed = responses.filter((r) => r.framing !== 'none');
        const valid = Buffer.concat(framed.map((r) => encode(r, false)));
        const events = parse([Buffer.concat([valid, junk])]);
        assert.deepEqual(events.slice(0, framed.length), framed.map(expected));
      }),
      { numRuns: 500 },
    );
  });
});
