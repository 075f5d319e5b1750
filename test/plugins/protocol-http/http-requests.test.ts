import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ContentArg, RunConfig } from 'kali';
import { httpRequests } from '../../../plugins/protocol-http/src/http-requests.js';
import { METHOD_OPTION } from '../../../plugins/protocol-http/src/method-option.js';
import { parseDestination } from '../../../src/cli/addresses.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { contentCompiler, renderMany } from './helpers.js';

const port = (scheme: string) => (scheme === 'https' ? 443 : 80);

/** A destination as the host hands it over: the protocol's default port filled in. */
function destination(text: string) {
  const d = parseDestination(text);
  if (d.port === 0) d.port = port(d.scheme ?? 'http');
  return d;
}

const arg = (option: ContentArg['option'], value: string, escaped = false): ContentArg => ({
  option,
  value,
  unescape: escaped,
});
const m = (value: string) => arg('message', value);
const h = (value: string) => arg('header', value);

function build(opts: { urls?: string[]; content?: ContentArg[]; method?: string; websocket?: boolean } = {}) {
  const config = {
    destinations: (opts.urls ?? ['http://127.0.0.1:8080/']).map(destination),
    content: opts.content ?? [],
    websocket: opts.websocket ?? false,
  } as unknown as RunConfig;
  return httpRequests(config, { method: opts.method ?? 'GET' }, contentCompiler(), kaliApi, port);
}

/** The first `n` requests one connection sends, as text. */
const requests = (opts: Parameters<typeof build>[0], n = 1, uid = 7) =>
  renderMany(build(opts).request, n, uid).map((b) => b.toString('latin1'));

/** The refusal `build` throws: its one line and exit status. */
function refusal(opts: Parameters<typeof build>[0]): [string, number | undefined] {
  try {
    build(opts);
  } catch (err) {
    const e = err as Error & { exitCode?: number };
    return [e.message, e.exitCode];
  }
  assert.fail('no refusal');
}

describe('http requests', () => {
  it('a plain GET is one static request, built once: Host from the destination, User-Agent kali', () => {
    const r = build();
    assert.ok(r.request.bytes, 'static');
    assert.equal(
      Buffer.from(r.request.bytes).toString(),
      'GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: kali\r\n\r\n',
    );
    assert.equal(r.request.maxLength, r.request.bytes.length);
    assert.equal(r.headRequests, false);
  });

  it("Host leaves out the scheme's default port and brackets IPv6 addresses", () => {
    const host = (url: string) => /Host: (.*)\r\n/.exec(requests({ urls: [url] })[0])?.[1];
    assert.equal(host('http://example.com/'), 'example.com');
    assert.equal(host('https://example.com'), 'example.com');
    assert.equal(host('https://example.com:80'), 'example.com:80');
    assert.equal(host('http://example.com:443/'), 'example.com:443');
    assert.equal(host('http://[::1]:8080/'), '[::1]:8080');
  });

  it('the path, query included, is sent as typed; expressions in it are evaluated', () => {
    assert.match(requests({ urls: ['http://h/a/b?x=1&y=%20'] })[0], /^GET \/a\/b\?x=1&y=%20 HTTP\/1\.1\r\n/);
    const [first] = requests({ urls: ['http://h/item/\\{connection.uid}'] }, 1, 42);
    assert.match(first, /^GET \/item\/42 HTTP\/1\.1\r\n/);
    // Per-connection values only: the connection's requests are bytes the engine can reuse.
    const t = build({ urls: ['http://h/item/\\{connection.uid}'] }).request;
    assert.equal(t.bytes, undefined);
    assert.ok(t.bind?.({ uid: 3, ptr: 1 }).bytes);
  });

  it('-H headers follow in order, may hold expressions, and replace Host and User-Agent', () => {
    const [text] = requests({
      content: [
        h('Accept: */*'),
        h('X-Conn: \\{connection.uid}'),
        h('host: example.org'),
        h('User-Agent: me'),
      ],
    });
    assert.equal(
      text,
      'GET / HTTP/1.1\r\nAccept: */*\r\nX-Conn: 7\r\nhost: example.org\r\nUser-Agent: me\r\n\r\n',
    );
  });

  it('-m is the body, with its Content-Length, and --method the method', () => {
    const [text] = requests({ method: 'POST', content: [h('Content-Type: application/json'), m('{"a":1}')] });
    assert.equal(
      text,
      'POST / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: kali\r\nContent-Type: application/json\r\n' +
        'Content-Length: 7\r\n\r\n{"a":1}',
    );
    assert.ok(build({ method: 'POST', content: [m('{"a":1}')] }).request.bytes, 'a static body is static');
  });

  it('the Content-Length of a body with expressions is that of each rendered body', () => {
    const texts = requests({ method: 'PUT', content: [m('\\{re [a-z]{0,30}}')] }, 200);
    const lengths = new Set<number>();
    for (const text of texts) {
      const [head, body] = text.split('\r\n\r\n');
      const length = Number(/\r\nContent-Length: (\d+)$/.exec(head)?.[1]);
      assert.equal(length, Buffer.byteLength(body), text);
      assert.match(body, /^[a-z]{0,30}$/);
      lengths.add(length < 10 ? 1 : 2);
    }
    // Both one- and two-digit lengths: the body moved back behind a shorter length.
    assert.deepEqual([...lengths].sort(), [1, 2]);
  });

  it('a body with per-request values and the connection id in the path', () => {
    const texts = requests(
      { urls: ['http://h/u/\\{connection.uid}'], method: 'POST', content: [m('{"id":\\{connection.uid}}')] },
      2,
      1234,
    );
    assert.match(
      texts[0],
      /^POST \/u\/1234 HTTP\/1\.1\r\n[\s\S]*\r\nContent-Length: 11\r\n\r\n\{"id":1234\}$/,
    );
  });

  it('several -m take turns, one request each; -f reads a body from a file', () => {
    const file = join(tmpdir(), `kali-http-body-${process.pid}.json`);
    writeFileSync(file, '{"from":"file"}');
    const texts = requests({ method: 'POST', content: [m('one'), arg('message-file', file), m('three')] }, 4);
    assert.deepEqual(
      texts.map((t) => t.split('\r\n\r\n')[1]),
      ['one', '{"from":"file"}', 'three', 'one'],
    );
  });

  it('POST, PUT and PATCH without -m say Content-Length: 0; other methods send no length', () => {
    assert.match(requests({ method: 'POST' })[0], /\r\nContent-Length: 0\r\n\r\n$/);
    assert.doesNotMatch(requests({ method: 'DELETE' })[0], /Content-Length/);
    assert.equal(build({ method: 'HEAD' }).headRequests, true);
  });

  it('-e applies to -m and -H as everywhere', () => {
    const [text] = requests({
      method: 'POST',
      content: [arg('header', 'X-Hex: \\x41\\x42', true), arg('message', 'a\\nb', true)],
    });
    assert.match(text, /\r\nX-Hex: AB\r\n/);
    assert.match(text, /\r\nContent-Length: 3\r\n\r\na\nb$/);
  });

  it('refuses malformed -H, naming the option and the value (exit 64)', () => {
    const cases: [string, RegExp][] = [
      ['NoColon', /^--header='NoColon': a header is "Name: value", and this has no colon$/],
      [': value', /^--header=': value': the header name is empty$/],
      ['Bad Name: v', /^--header='Bad Name: v': the header name must be a token/],
      ['X-A: b\r\nX-B: c', /^--header='X-A: b\\r\\nX-B: c': a header must not contain CR, LF or NUL$/],
      ['Content-Length: 5', /kali sets Content-Length from each body/],
      ['transfer-encoding: chunked', /not Transfer-Encoding/],
    ];
    for (const [value, message] of cases) {
      const [line, code] = refusal({ content: [h(value)] });
      assert.match(line, message);
      assert.equal(code, 64);
    }
    const [line, code] = refusal({ content: [arg('header', 'X-A: b\\r\\nX-B: c', true)] });
    assert.match(line, /a header must not contain CR, LF or NUL/);
    assert.equal(code, 64);
  });

  it('refuses a request line over 8 KiB, counting expressions at their longest', () => {
    assert.ok(build({ urls: [`http://h/${'a'.repeat(8000)}`] }));
    const [line, code] = refusal({ urls: [`http://h/${'a'.repeat(8200)}`] });
    assert.match(
      line,
      /^http:\/\/h\/a{71}\.\.\.: the request line may reach 8214 bytes, more than the 8192 servers accept$/,
    );
    assert.equal(code, 64);
    assert.match(
      refusal({ urls: ['http://h/\\{re [a-z]{9000}}'] })[0],
      /request line may reach 90\d\d bytes/,
    );
  });

  it('refuses paths that would break the request line, and different paths or hosts', () => {
    assert.match(
      refusal({ urls: ['http://h/a b'] })[0],
      /^http:\/\/h\/a b: the path must be printable ASCII/,
    );
    assert.match(refusal({ urls: ['http://h/é'] })[0], /printable ASCII/);
    assert.match(refusal({ urls: ['http://h/a#top'] })[0], /a fragment \(#…\) is not sent/);
    assert.match(
      refusal({ urls: ['http://h:1/a', 'http://h:2/b'] })[0],
      /^http:\/\/h:2\/b: every destination of an http:\/\/ run must have the same path as http:\/\/h:1\/a$/,
    );
    assert.match(
      refusal({ urls: ['http://h:1/', 'http://h:2/'] })[0],
      /^http:\/\/h:2\/: destinations with different hosts or ports need one -H 'Host: …'/,
    );
    assert.ok(build({ urls: ['http://h:1/', 'http://h:2/'], content: [h('Host: h')] }));
    // An expression may hold what the path may not; the content plugin judges it.
    assert.ok(build({ urls: ['http://h/\\{re [a b]{3}}'] }));
    const [bad, code] = refusal({ urls: ['http://h/x/\\{nosuch}'] });
    assert.match(bad, /^http:\/\/h\/x\/\\\{nosuch\}: in the path: /);
    assert.equal(code, 1);
  });

  it('refuses -1, --first-message-file and --ws', () => {
    assert.match(
      refusal({ content: [arg('first-message', 'hi')] })[0],
      /^--first-message='hi': http:\/\/ sends requests only/,
    );
    assert.match(refusal({ websocket: true })[0], /^--ws: http:\/\/ speaks HTTP itself/);
  });

  it('--method must be a token, not CONNECT, and needs an http:// or https:// destination', () => {
    const check = (value: string, urls = ['http://h/']) =>
      METHOD_OPTION.check?.(value, { destinations: urls.map(destination) } as unknown as RunConfig);
    assert.equal(check('PROPFIND'), undefined);
    assert.equal(check('get'), undefined);
    assert.match(check('GE T') ?? '', /^--method=GE T is not a method: a method is a token/);
    assert.match(check('') ?? '', /^--method= is not a method/);
    assert.equal(check('CONNECT'), '--method=CONNECT opens a tunnel, which kali does not use');
    assert.equal(
      check('POST', ['127.0.0.1:80']),
      '--method=POST applies to http:// and https:// destinations only',
    );
  });
});
