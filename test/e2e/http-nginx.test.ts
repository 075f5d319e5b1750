import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunResult } from 'kali';
import { counter } from '../helpers/counter-lines.js';
import { type AccessEntry, chunkedBody, type Nginx, STATIC_BODY, startNginx } from '../helpers/nginx.js';
import { validateResult } from '../helpers/result-schema.js';
import { explain, type KaliRun, runKali } from '../helpers/run-kali.js';

/**
 * kali's HTTP counts against what a real nginx logged. The report covers the steady phase, nginx
 * sees the whole run, so kali's side is summed over all interval records (ramp-up included).
 * What is exact: nginx logs no request kali did not send, and kali counts no response nginx did
 * not log (a response is counted once all of it was read; nginx logs once it has written it):
 *   counted ≤ logged ≤ sent.
 * What is not: requests still in flight when the run stopped, at most c × --in-flight, were sent
 * and maybe logged but never counted: sent − counted ≤ c × in-flight. (A request in kali's send
 * buffer at the close may never reach nginx, so logged = sent holds only almost always.)
 */

const dir = mkdtempSync(join(tmpdir(), 'kali-http-nginx-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** The connect ramp of a few connections takes a millisecond; requests then all count. */
const FAST_RAMP = ['--connect-rate', '10k'];

interface Run {
  run: KaliRun;
  doc: RunResult;
}

async function kali(args: string[], timeoutMs = 30_000): Promise<Run> {
  const file = join(dir, `run-${++files}.json`);
  const run = await runKali([...FAST_RAMP, ...args, '--json', file], { timeoutMs });
  assert.equal(run.code, 0, explain(run));
  const doc = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
  validateResult(doc);
  return { run, doc };
}

function total({ doc }: Run, name: string): number {
  const metric = doc.metrics[name];
  if (metric === undefined) return 0;
  assert.equal(metric.kind, 'counter', `${name} is not a counter`);
  return metric.total;
}

/** A counter over the whole run, ramp-up included: the sum of the interval records. */
function counted({ doc }: Run, name: string): number {
  return doc.intervals.reduce((sum, i) => {
    const m = i.metrics[name];
    return sum + (m?.kind === 'counter' ? m.total : 0);
  }, 0);
}

/** Requests kali sent over the whole run. */
function sent({ doc }: Run): number {
  return doc.intervals.reduce((sum, i) => sum + i.messages.out, 0);
}

/** The requests nginx logged since `from` (an index into the log) for one path and status. */
function logged(log: AccessEntry[], from: number, uri: string, status: number): number {
  return log.slice(from).filter((e) => e.uri === uri && e.status === status).length;
}

/** counted ≤ logged ≤ counted + inFlight; the steady total is part of the whole. */
function assertCounted(r: Run, metric: string, server: number, inFlight: number): void {
  const kaliCount = counted(r, metric);
  assert.ok(
    kaliCount <= server && server <= kaliCount + inFlight,
    `kali counted ${kaliCount} ${metric}, nginx logged ${server} (up to ${inFlight} more allowed)\n${explain(r.run)}`,
  );
  assert.ok(total(r, metric) <= kaliCount, `${metric}: steady ${total(r, metric)} > run ${kaliCount}`);
}

/** logged ≤ sent ≤ counted + inFlight: every request kali counted as sent reached nginx or is in flight. */
function assertSent(r: Run, metric: string, server: number, inFlight: number): void {
  const kaliSent = sent(r);
  const kaliCount = counted(r, metric);
  assert.ok(
    server <= kaliSent && kaliSent <= kaliCount + inFlight,
    `kali sent ${kaliSent} and counted ${kaliCount} ${metric}, nginx logged ${server}\n${explain(r.run)}`,
  );
}

function assertAgree(r: Run, metric: string, server: number, inFlight: number): void {
  assertCounted(r, metric, server, inFlight);
  assertSent(r, metric, server, inFlight);
}

/** One raw exchange: writes `request`, returns every byte until the server closes or `idleMs` passes. */
function exchange(port: number, request: string, idleMs = 300): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(request));
    let text = '';
    let timer = setTimeout(() => finish(false), idleMs);
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      text += d;
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), idleMs);
    });
    socket.on('end', () => finish(true));
    socket.on('error', reject);
  });
}

/** The body of a chunked message and how many chunks carried it. */
function dechunk(body: string): { data: string; chunks: number } {
  let data = '';
  let chunks = 0;
  for (let at = 0; ; ) {
    const eol = body.indexOf('\r\n', at);
    assert.ok(eol > at, `no chunk size at ${at}: ${JSON.stringify(body)}`);
    const size = Number.parseInt(body.slice(at, eol), 16);
    if (size === 0) return { data, chunks };
    data += body.slice(eol + 2, eol + 2 + size);
    chunks++;
    at = eol + 2 + size + 2;
  }
}

describe('http:// against a real nginx', { timeout: 180_000 }, () => {
  let nginx: Nginx;
  before(async () => {
    nginx = await startNginx();
  });
  after(async () => {
    await nginx?.close();
  });

  it('the fixture: a length, a chunked body in several chunks, a close, a 404', async () => {
    const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    const plain = await exchange(nginx.port, get('/static.txt'));
    assert.match(plain.text, new RegExp(`^HTTP/1.1 200 OK\r\n[^]*Content-Length: ${STATIC_BODY.length}\r\n`));
    assert.ok(plain.text.endsWith(`\r\n\r\n${STATIC_BODY}`) && !plain.closed, plain.text);

    const chunked = await exchange(nginx.port, get('/chunked'));
    const split = chunked.text.indexOf('\r\n\r\n');
    const head = chunked.text.slice(0, split);
    const body = chunked.text.slice(split + 4);
    assert.match(head, /^HTTP\/1.1 200 OK\r\n/);
    assert.match(head, /\r\nTransfer-Encoding: chunked(\r\n|$)/);
    assert.doesNotMatch(head, /Content-Length/);
    const { data, chunks } = dechunk(body);
    assert.equal(data, chunkedBody());
    assert.ok(chunks >= 2, `one chunk only: ${JSON.stringify(body)}`);
    assert.ok(!chunked.closed);

    const closing = await exchange(nginx.port, get('/close'), 2000);
    assert.match(closing.text, /\r\nConnection: close\r\n/);
    assert.ok(closing.closed, 'nginx left the connection open');

    const missing = await exchange(nginx.port, get('/missing'));
    assert.match(missing.text, /^HTTP\/1.1 404 /);

    // Two requests in one write: nginx answers both, and logs the second as pipelined.
    const from = (await nginx.accessLog()).length;
    const both = await exchange(nginx.port, get('/static.txt') + get('/static.txt'));
    assert.equal(both.text.split('HTTP/1.1 200 OK').length - 1, 2);
    const log = (await nginx.accessLog()).slice(from);
    assert.deepEqual(
      log.map((e) => [e.status, e.uri, e.connectionRequests, e.pipelined]),
      [
        [200, '/static.txt', 1, false],
        [200, '/static.txt', 2, true],
      ],
    );
  });

  // Without --in-flight, one request per connection waits for its response: sent − counted ≤ c
  // in the tests below fails if kali sends ahead.
  it('keep-alive GET of a static file: every 200 kali counted, nginx logged; --json validates', async () => {
    const from = (await nginx.accessLog()).length;
    const r = await kali(['-c4', '-T2s', nginx.url('/static.txt')]);
    const log = await nginx.accessLog();
    const ok = total(r, 'http.2xx');
    assert.ok(ok > 1000, `only ${ok} responses\n${explain(r.run)}`);
    assertAgree(r, 'http.2xx', logged(log, from, '/static.txt', 200), 4);
    assert.equal(counter(r.run.stdout, 'HTTP 2xx'), ok, explain(r.run));
    for (const other of ['http.3xx', 'http.4xx', 'http.5xx', 'http.malformed']) {
      assert.equal(total(r, other), 0, `${other}\n${explain(r.run)}`);
    }
    // Keep-alive: four connections carried everything.
    assert.equal(new Set(log.slice(from).map((e) => e.connection)).size, 4, explain(r.run));
    assert.equal(r.doc.connections.closedByPeer.out, 0, explain(r.run));
    const latency = r.doc.metrics.http;
    assert.equal(latency?.kind, 'latency', explain(r.run));
    assert.ok(latency.kind === 'latency' && latency.count >= ok && latency.percentiles['99'] > 0);
  });

  it('a missing path counts as 4xx', async () => {
    const from = (await nginx.accessLog()).length;
    const r = await kali(['-c2', '-T1s', nginx.url('/missing')]);
    const log = await nginx.accessLog();
    assert.ok(total(r, 'http.4xx') > 100, explain(r.run));
    assertAgree(r, 'http.4xx', logged(log, from, '/missing', 404), 2);
    assert.equal(counter(r.run.stdout, 'HTTP 4xx'), total(r, 'http.4xx'), explain(r.run));
    assert.equal(total(r, 'http.2xx'), 0, explain(r.run));
    assert.equal(total(r, 'http.malformed'), 0, explain(r.run));
  });

  it('chunked responses are parsed: 2xx as logged, none malformed', async () => {
    const from = (await nginx.accessLog()).length;
    const r = await kali(['-c4', '-T2s', nginx.url('/chunked')]);
    const log = await nginx.accessLog();
    assert.ok(total(r, 'http.2xx') > 500, explain(r.run));
    assertAgree(r, 'http.2xx', logged(log, from, '/chunked', 200), 4);
    assert.equal(total(r, 'http.malformed'), 0, explain(r.run));
    // Had kali lost a response's end, the connection would have stalled or been closed.
    assert.equal(r.doc.connections.closedByPeer.out, 0, explain(r.run));
  });

  it('Connection: close: all 2xx, and the closed connections are replaced', async () => {
    const from = (await nginx.accessLog()).length;
    const r = await kali(['-c4', '-T2s', nginx.url('/close')]);
    const log = (await nginx.accessLog()).slice(from);
    const ok = counted(r, 'http.2xx');
    assert.ok(ok > 50, explain(r.run));
    // Every request kali counted as sent reached nginx: none went out on a closing connection.
    assertAgree(r, 'http.2xx', logged(log, 0, '/close', 200), 4);
    assert.equal(total(r, 'http.malformed'), 0, explain(r.run));
    assert.equal(total(r, 'http.4xx') + total(r, 'http.5xx'), 0, explain(r.run));
    // One request per connection on nginx's side…
    assert.ok(
      log.every((e) => e.connectionRequests === 1),
      'nginx served two requests on one connection',
    );
    // …and kali saw each close and connected again: a connection per response, give or take
    // the ones open at the end.
    assert.ok(total(r, 'http.server_closed') > 0, explain(r.run));
    assert.ok(counted(r, 'http.server_closed') >= ok - 4, explain(r.run));
    assert.ok(r.doc.connections.run.opened.out >= ok, explain(r.run));
  });

  it('--in-flight 8 pipelines against nginx, and the counts still match', async () => {
    const from = (await nginx.accessLog()).length;
    const r = await kali(['-c4', '--in-flight', '8', '-T2s', nginx.url('/static.txt')]);
    const log = (await nginx.accessLog()).slice(from);
    assert.ok(total(r, 'http.2xx') > 1000, explain(r.run));
    assertAgree(r, 'http.2xx', logged(log, 0, '/static.txt', 200), 4 * 8);
    assert.equal(total(r, 'http.malformed'), 0, explain(r.run));
    // nginx saw requests waiting behind others: kali really pipelined.
    assert.ok(
      log.some((e) => e.pipelined),
      `no request reached nginx pipelined\n${explain(r.run)}`,
    );
  });
});
