import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createTcpServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { RunResult } from 'kali';
import { makeCertificate } from '../faults/helpers/tls-fixtures.js';
import { closeServer, freePort } from '../helpers/free-port.js';
import { explain, type KaliRun, runKali } from '../helpers/run-kali.js';

/**
 * kali's HTTP client against Node's own http server, started here. kali reports the steady
 * phase, the server counts everything: connections ramp up in a millisecond and sending starts
 * later, so every request kali sent is in its report. What kali may lack are the responses still
 * on their way when the run stopped, at most one per request in flight.
 */
const STEADY = ['-w1', '--connect-rate', '10k', '--delay-send', '0.3s'];

const dir = mkdtempSync(join(tmpdir(), 'kali-http-node-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

interface Run {
  run: KaliRun;
  doc: RunResult;
}

/** Runs kali to its report (exit 0) with the result document, which names counters exactly. */
async function kali(args: string[]): Promise<Run> {
  const file = join(dir, `run-${++files}.json`);
  const run = await runKali([...args, '--json', file], { timeoutMs: 30_000 });
  assert.equal(run.code, 0, explain(run));
  assert.match(run.stdout, /^Total data sent: /m, explain(run));
  return { run, doc: JSON.parse(readFileSync(file, 'utf8')) as RunResult };
}

function total({ doc }: Run, name: string): number {
  const metric = doc.metrics[name];
  assert.ok(metric, `no metric ${name} in the result`);
  assert.equal(metric.kind, 'counter');
  return metric.total;
}

/** What the server saw. */
interface Seen {
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  connections: number;
  /** Most requests one connection had waiting for their responses at once. */
  maxPending: number;
}

interface NodeServer {
  url: string;
  seen: Seen;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** An http server, or with `tls` an https one, answering with `handler` once a request's body is in. */
async function serve(handler: Handler, tls?: { cert: Buffer; key: Buffer }): Promise<NodeServer> {
  const seen: Seen = { requests: [], connections: 0, maxPending: 0 };
  const pending = new WeakMap<object, number>();
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const waiting = (pending.get(req.socket) ?? 0) + 1;
    pending.set(req.socket, waiting);
    seen.maxPending = Math.max(seen.maxPending, waiting);
    res.on('finish', () => pending.set(req.socket, (pending.get(req.socket) ?? 1) - 1));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  };
  const options = { keepAliveTimeout: 30_000 };
  const server = tls ? createTlsServer({ ...options, ...tls }, listener) : createServer(options, listener);
  server.on(tls ? 'secureConnection' : 'connection', () => seen.connections++);
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** kali counted `counted` responses of the `served` the server answered: at most `slack` fewer. */
function assertServed(counted: number, served: number, slack: number, r: Run): void {
  assert.ok(
    counted <= served && served <= counted + slack && counted > 20,
    `kali counted ${counted}, the server answered ${served} (up to ${slack} more)\n${explain(r.run)}`,
  );
}

describe('http:// against a Node http server', { timeout: 120_000 }, () => {
  it('keep-alive GETs, one at a time: every request kali sent is one the server counted', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    try {
      const r = await kali([...STEADY, '-c4', '-T1s', `${server.url}/`]);
      assert.equal(server.seen.maxPending, 1, 'a closed loop without --in-flight');
      const served = server.seen.requests.length;
      const request = `GET / HTTP/1.1\r\nHost: ${server.url.slice(7)}\r\nUser-Agent: kali\r\n\r\n`;
      assert.equal(r.doc.traffic.bytes.out / request.length, served, explain(r.run));
      assertServed(total(r, 'http.2xx'), served, 4, r);
      assert.equal(server.seen.connections, 4, 'keep-alive: no connection was replaced');
      assert.equal(total(r, 'http.malformed'), 0);
      assert.equal(total(r, 'http.server_closed'), 0);
      const first = server.seen.requests[0];
      assert.equal(first.headers.host, server.url.slice(7));
      assert.equal(first.headers['user-agent'], 'kali');
      assert.match(r.run.stdout, /^HTTP response latency at percentiles: [\d./]+ ms \(95\/99\/99\.5%\)$/m);
    } finally {
      await server.close();
    }
  });

  it('https:// runs over TLS, keep-alive as over TCP', async () => {
    const certificate = makeCertificate();
    const server = await serve((_req, res) => res.end('secret'), certificate);
    try {
      const r = await kali([...STEADY, '-c2', '--in-flight', '1', '-T0.7s', `${server.url}/tls`]);
      assertServed(total(r, 'http.2xx'), server.seen.requests.length, 2, r);
      assert.equal(server.seen.connections, 2);
      assert.equal(server.seen.requests[0].headers.host, server.url.slice('https://'.length));
      assert.equal(total(r, 'http.malformed'), 0);
    } finally {
      await server.close();
      certificate.remove();
    }
  });

  it('chunked responses with trailers, and HEAD responses, are read whole', async () => {
    const server = await serve((req, res) => {
      // No length: Node sends the body in chunks, the trailer after the last (HEAD: headers only).
      if (req.method === 'HEAD') return res.end();
      res.setHeader('Trailer', 'X-Sum');
      res.write('first,');
      res.addTrailers({ 'X-Sum': '12' });
      res.end('second');
    });
    try {
      for (const method of ['GET', 'HEAD']) {
        const before = server.seen.requests.length;
        const r = await kali([
          ...STEADY,
          '-c2',
          '--in-flight',
          '1',
          '-T0.7s',
          '--method',
          method,
          server.url,
        ]);
        assertServed(total(r, 'http.2xx'), server.seen.requests.length - before, 2, r);
        assert.equal(total(r, 'http.malformed'), 0, explain(r.run));
        assert.ok(server.seen.requests.slice(before).every((q) => q.method === method));
      }
    } finally {
      await server.close();
    }
  });

  it('POST: each -m body arrives intact with its own Content-Length', async () => {
    const server = await serve((_req, res) => res.end());
    try {
      const r = await kali([
        ...STEADY,
        '-c3',
        '--in-flight',
        '1',
        '-T0.7s',
        '--method',
        'POST',
        '-m',
        '{"id":\\{connection.uid},"pad":"\\{re [a-z]{0,12}}"}',
        `${server.url}/api/\\{connection.uid}`,
      ]);
      assertServed(total(r, 'http.2xx'), server.seen.requests.length, 3, r);
      for (const q of server.seen.requests) {
        assert.equal(q.method, 'POST');
        const body = JSON.parse(q.body) as { id: number; pad: string };
        assert.equal(q.url, `/api/${body.id}`);
        assert.ok(body.id >= 1 && body.id <= 3, q.body);
        assert.match(body.pad, /^[a-z]{0,12}$/);
        assert.equal(q.headers['content-length'], String(Buffer.byteLength(q.body)));
      }
      assert.ok(
        new Set(server.seen.requests.map((q) => q.body.length)).size > 1,
        'bodies of several lengths',
      );
    } finally {
      await server.close();
    }
  });

  it('POST with -H headers: they arrive as given, Host and User-Agent replaced', async () => {
    const server = await serve((_req, res) => res.end());
    try {
      const args = [
        ...STEADY,
        '-c2',
        '--in-flight',
        '1',
        '-T0.7s',
        '--method',
        'POST',
        '-H',
        'Content-Type: application/json',
        '-H',
        'X-Conn: \\{connection.uid}',
        '-H',
        'Host: example.test',
        '-H',
        'User-Agent: tester',
        '-m',
        '{"a":1}',
        server.url,
      ];
      const run = await runKali(args, { timeoutMs: 30_000 });
      assert.equal(run.code, 0, explain(run));
      assert.ok(server.seen.requests.length > 20, explain(run));
      for (const q of server.seen.requests) {
        assert.equal(q.headers['content-type'], 'application/json');
        assert.match(String(q.headers['x-conn']), /^[12]$/);
        assert.equal(q.headers.host, 'example.test');
        assert.equal(q.headers['user-agent'], 'tester');
        assert.equal(q.headers['content-length'], '7');
        assert.equal(q.body, '{"a":1}');
      }
    } finally {
      await server.close();
    }
  });

  it('-r paces GETs without any -m: an open loop at the rate asked, expressions in the path', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    try {
      const r = await kali(['-w1', '-c2', '-r20', '-T1s', `${server.url}/item/\\{connection.uid}`]);
      const seconds = r.doc.time.steadySeconds;
      // 2 connections at 20/s for the steady phase, give or take the pacer's first tick.
      assert.ok(Math.abs(total(r, 'http.2xx') - 40 * seconds) <= 6, explain(r.run));
      const paths = new Set(server.seen.requests.map((q) => q.url));
      assert.deepEqual([...paths].sort(), ['/item/1', '/item/2'], explain(r.run));
    } finally {
      await server.close();
    }
  });

  it('responses are counted per status class: several -m take turns, 404 and 500', async () => {
    const server = await serve((_req, res, body) => {
      res.statusCode = body === 'missing' ? 404 : 500;
      res.end('no');
    });
    try {
      const r = await kali([
        ...STEADY,
        '-c2',
        '--in-flight',
        '1',
        '-T0.7s',
        '--method',
        'PUT',
        '-m',
        'missing',
        '-m',
        'broken',
        server.url,
      ]);
      const notFound = total(r, 'http.4xx');
      const failed = total(r, 'http.5xx');
      assertServed(notFound + failed, server.seen.requests.length, 2, r);
      assert.ok(Math.abs(notFound - failed) <= 2, `404s ${notFound}, 500s ${failed}\n${explain(r.run)}`);
      assert.equal(total(r, 'http.2xx'), 0);
      assert.match(r.run.stdout, /^HTTP 4xx: \d+ \([\d.]+\/s\)$/im);
    } finally {
      await server.close();
    }
  });

  it('Connection: close is counted, no request follows it, and the engine replaces the connection', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('Connection', 'close');
      res.end('bye');
    });
    try {
      // No --delay-send: it would hold back every new connection's first request.
      const r = await kali(['-w1', '--connect-rate', '10k', '-c2', '--in-flight', '1', '-T1s', server.url]);
      const ok = total(r, 'http.2xx');
      // Requests sent while the run ramped up are the server's only.
      const served = server.seen.requests.length;
      assert.ok(ok > 20 && ok <= served && served <= ok * 1.1 + 10, `${ok} of ${served}\n${explain(r.run)}`);
      assert.equal(total(r, 'http.server_closed'), ok, explain(r.run));
      // One request per connection: none goes out on a connection the server is closing.
      const request = `GET / HTTP/1.1\r\nHost: ${server.url.slice(7)}\r\nUser-Agent: kali\r\n\r\n`;
      const sent = r.doc.traffic.bytes.out / request.length;
      // (The steady phase may start or end between a request and its response: one per connection.)
      assert.ok(Math.abs(sent - ok) <= 2, `${sent} requests sent for ${ok} responses\n${explain(r.run)}`);
      assert.ok(
        server.seen.connections > 20,
        `only ${server.seen.connections} connections\n${explain(r.run)}`,
      );
      assert.match(r.run.stdout, /^HTTP connections closed by the server: \d+ \([\d.]+\/s\)$/m);
      assert.equal(total(r, 'http.malformed'), 0);
    } finally {
      await server.close();
    }
  });

  it('--in-flight 8 pipelines requests, and the in-order responses complete them', async () => {
    const server = await serve((_req, res) => {
      setTimeout(() => res.end('late'), 5);
    });
    try {
      const r = await kali([...STEADY, '-c2', '--in-flight', '8', '-T1s', server.url]);
      assertServed(total(r, 'http.2xx'), server.seen.requests.length, 16, r);
      assert.ok(server.seen.maxPending >= 4, `at most ${server.seen.maxPending} requests waited at once`);
      assert.equal(server.seen.connections, 2);
      assert.equal(total(r, 'http.malformed'), 0);
    } finally {
      await server.close();
    }
  });

  it('--request-timeout counts requests a server never answers, and the run ends with a report', async () => {
    const server = await serve(() => {});
    try {
      const r = await kali([
        '-w1',
        '-c2',
        '--in-flight',
        '1',
        '--request-timeout',
        '0.2s',
        '-T1s',
        server.url,
      ]);
      const timeouts = total(r, 'http.timeout');
      assert.ok(timeouts >= 4, `${timeouts} timeouts\n${explain(r.run)}`);
      assert.equal(total(r, 'http.2xx'), 0);
      // Each timeout closes its connection: the engine opened others.
      assert.ok(server.seen.connections > 2, explain(r.run));
    } finally {
      await server.close();
    }
  });

  it('a malformed response is counted and closes its connection; the run still reports and exits 0', async () => {
    const raw: Server = createTcpServer((socket) => {
      socket.on('data', () => socket.write('HTTP/1.1 2x0 Broken\r\nContent-Length: 0\r\n\r\n'));
      socket.on('error', () => {});
    });
    const port = await freePort();
    await new Promise<void>((resolve) => raw.listen(port, '127.0.0.1', resolve));
    try {
      const r = await kali(['-w1', '-c2', '--in-flight', '1', '-T1s', `http://127.0.0.1:${port}`]);
      assert.ok(total(r, 'http.malformed') > 2, explain(r.run));
      assert.equal(total(r, 'http.2xx'), 0);
      assert.match(r.run.stdout, /^HTTP malformed responses: \d+ \([\d.]+\/s\)$/m);
    } finally {
      await closeServer(raw);
    }
  });
});
