import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_HEAD, ResponseParser } from '../../../plugins/protocol-http/src/response-parser.js';
import { bytes, parse, Recorder } from './helpers.js';

const ok = (body: string, headers = '') =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${headers}\r\n${body}`;

/** Every split of `text` into two reads, and one byte at a time, give `expected`. */
function everyWay(text: string, expected: string[], opts: { head?: boolean; end?: boolean } = {}): void {
  const data = bytes(text);
  assert.deepEqual(parse([data], opts), expected, 'in one piece');
  for (let i = 1; i < data.length; i++)
    assert.deepEqual(parse([data.subarray(0, i), data.subarray(i)], opts), expected, `split at ${i}`);
  assert.deepEqual(
    parse(
      [...data].map((b) => Uint8Array.of(b)),
      opts,
    ),
    expected,
    'byte by byte',
  );
}

describe('HTTP response parser', () => {
  it('reads Content-Length bodies, many responses in one read and across reads', () => {
    everyWay(ok('hello') + ok('') + ok('x'.repeat(300)), ['200', '200', '200']);
  });

  it('reads the status code of each response; the reason phrase may be empty or absent', () => {
    everyWay(
      'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n' +
        'HTTP/1.1 500 \r\nContent-Length: 0\r\n\r\n' +
        'HTTP/1.1 302\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n',
      ['404', '500', '302'],
    );
  });

  it('matches header names case-insensitively, whatever the other headers are', () => {
    everyWay(
      'HTTP/1.1 200 OK\r\nX-Content-Length: 99\r\ncontent-LENGTH: 3\r\nContent-Lengthy: 7\r\n\r\nabc' +
        'HTTP/1.1 200 OK\r\ntRANSFER-eNCODING: ChUnKeD\r\n\r\n3\r\nabc\r\n0\r\n\r\n' +
        'HTTP/1.1 200 OK\r\nCONNECTION: Close\r\nContent-Length: 0\r\n\r\n',
      ['200', '200', '200 close'],
    );
  });

  it('reads chunked bodies with extensions and trailers', () => {
    everyWay(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
        '5;name=value;quoted="a;b"\r\nhello\r\n' +
        '00A ; ext\r\n0123456789\r\n' +
        '0\r\nX-Checksum: abc\r\nX-Other: d\r\n\r\n' +
        ok('next'),
      ['200', '200'],
    );
  });

  it('chunked must be the last coding; before another, the body ends with the connection', () => {
    everyWay('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n', ['200']);
    everyWay(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n1\r\nx\r\n0\r\n\r\n',
      ['200 close'],
      {
        end: true,
      },
    );
  });

  it('Transfer-Encoding overrides Content-Length', () => {
    everyWay('HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', [
      '200',
    ]);
  });

  it('a list of equal Content-Length values is one length; different ones are malformed', () => {
    everyWay('HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length:2\r\n\r\nokHTTP/1.1 204 No\r\n\r\n', [
      '200',
      '204',
    ]);
    everyWay('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok', [
      'malformed: conflicting Content-Length values',
    ]);
  });

  it('responses to HEAD have no body whatever their headers say', () => {
    everyWay(
      'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' +
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
        'HTTP/1.1 404 Not Found\r\n\r\n',
      ['200', '200', '404'],
      { head: true },
    );
  });

  it('skips interim 1xx responses; 101 is final and ends the connection', () => {
    everyWay(
      'HTTP/1.1 100 Continue\r\n\r\n' +
        'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nContent-Length: 50\r\n\r\n' +
        ok('done') +
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nnot http any more',
      ['200', '101 close'],
    );
  });

  it('204 and 304 have no body', () => {
    everyWay(
      'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n' +
        'HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n' +
        ok('x'),
      ['204', '304', '200'],
    );
  });

  it('without a length the body ends with the connection', () => {
    everyWay(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this, HTTP/1.1 200 OK\r\n',
      ['200 close'],
      {
        end: true,
      },
    );
    assert.deepEqual(parse([bytes('HTTP/1.1 200 OK\r\n\r\nbody')]), []);
  });

  it('a connection closed inside a response completes nothing', () => {
    for (const text of [
      'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort',
      'HTTP/1.1 200 OK\r\nContent-Len',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab',
    ])
      assert.deepEqual(parse([bytes(text)], { end: true }), [], text);
  });

  it('Connection: close, and HTTP/1.0 unless keep-alive, end the connection after the response', () => {
    everyWay(
      'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n' +
        'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n' +
        'HTTP/1.1 200 OK\r\nConnection: upgrade , close\r\nContent-Length: 0\r\n\r\n',
      ['200', '200', '200 close'],
    );
    everyWay('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n', ['200 close']);
    everyWay('HTTP/1.1 200 OK\r\nConnection: closed, x-close\r\nContent-Length: 0\r\n\r\n', ['200']);
  });

  it('accepts lines ended by LF alone, empty lines before a status line, and folded headers', () => {
    everyWay('HTTP/1.1 200 OK\nContent-Length: 2\n\nok', ['200']);
    everyWay(`\r\n\r\n${ok('a')}`, ['200']);
    // A CR inside a value that does not matter is taken as white space, as RFC 9110 allows.
    everyWay('HTTP/1.1 200 OK\r\nA: b\rC: d\r\nContent-Length: 0\r\n\r\n', ['200']);
    everyWay('HTTP/1.1 200 OK\r\nX-Long: a\r\n b\r\nConnection:\r\n close\r\nContent-Length: 0\r\n\r\n', [
      '200 close',
    ]);
  });

  it('refuses what is not an HTTP/1.x response, once, and reads no more', () => {
    const cases: [string, string][] = [
      ['HTTP/2 200 OK\r\n\r\n', 'bad status line'],
      ['http/1.1 200 OK\r\n\r\n', 'bad status line'],
      ['HTTP/1.1  200 OK\r\n\r\n', 'bad status line'],
      ['HTTP/1.1 2000 OK\r\n\r\n', 'bad status line'],
      ['HTTP/1.1 20x OK\r\n\r\n', 'bad status line'],
      ['HTTP/1.1 099 Low\r\n\r\n', 'bad status code'],
      ['HTTP/1.1 600 High\r\n\r\n', 'bad status code'],
      ['HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n', 'bad Content-Length'],
      ['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', 'bad Content-Length'],
      ['HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n', 'bad Content-Length'],
      ['HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n', 'bad Content-Length'],
      ['HTTP/1.1 200 OK\r\nContent-Length: 1234567890123456\r\n\r\n', 'Content-Length too large'],
      ['HTTP/1.1 200 OK\r\nContent Length: 1\r\n\r\n', 'bad header name'],
      ['HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\n', 'bad header name'],
      ['HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n', 'bad header name'],
      ['HTTP/1.1 200 OK\r\n Folded: first\r\n\r\n', 'white space before the first header'],
      ['HTTP/1.1 200 OK\r\nContent-Length: 1\r\rx', 'CR without LF'],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'bad chunk size'],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n', 'bad chunk size'],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\n', 'bad chunk size'],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000\r\n', 'chunk too large'],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n', 'chunk longer than its size'],
    ];
    for (const [text, reason] of cases) {
      const expected = [`malformed: ${reason}`];
      assert.deepEqual(parse([bytes(text + ok('after'))]), expected, text);
      assert.deepEqual(
        parse([...bytes(text + ok('after'))].map((b) => Uint8Array.of(b))),
        expected,
        `${text} byte by byte`,
      );
    }
  });

  it('leading zeros of a chunk size are not significant', () => {
    everyWay('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n00000000000000000001\r\nx\r\n0\r\n\r\n', [
      '200',
    ]);
  });

  it(`a header section over ${MAX_HEAD / 1024} KiB is malformed, in one header or many`, () => {
    const big = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(MAX_HEAD)}\r\nContent-Length: 0\r\n\r\n`;
    assert.deepEqual(parse([bytes(big)]), ['malformed: header section over 64 KiB']);
    const many = `HTTP/1.1 200 OK\r\n${'X-A: b\r\n'.repeat(MAX_HEAD / 8)}\r\n`;
    assert.deepEqual(parse([bytes(many)]), ['malformed: header section over 64 KiB']);
    const trailers = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: ${'t'.repeat(MAX_HEAD)}\r\n\r\n`;
    assert.deepEqual(parse([bytes(trailers)]), ['malformed: trailer section over 64 KiB']);
    // Just under the limit is fine, and the limit applies per response.
    const fits = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(MAX_HEAD - 100)}\r\nContent-Length: 0\r\n\r\n`;
    assert.deepEqual(parse([bytes(fits + fits)]), ['200', '200']);
  });

  it('stops reading when told, also from inside a response callback', () => {
    const r = new Recorder();
    const parser = new ResponseParser({
      response: (status, close) => {
        r.response(status, close);
        parser.stop();
      },
      malformed: (m) => r.malformed(m),
    });
    parser.feed(bytes(ok('a') + ok('b')));
    parser.feed(bytes(ok('c')));
    assert.deepEqual(r.events, ['200']);
    assert.equal(parser.stopped, true);
  });
});
