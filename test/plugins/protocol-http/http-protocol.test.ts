import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  ContentArg,
  DestinationSpec,
  Protocol,
  ProtocolConnection,
  ProtocolContext,
  RequestTracker,
  RunConfig,
} from 'kali';
import factory from '../../../plugins/protocol-http/src/index.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { bytes, contentCompiler } from './helpers.js';

const plugin = factory(kaliApi);

const destination: DestinationSpec = {
  text: 'http://127.0.0.1:8080/',
  host: '127.0.0.1',
  port: 8080,
  path: '',
  scheme: 'http',
};

interface World {
  protocol: Protocol<unknown>;
  logs: string[];
  counters: Record<string, number>;
}

async function world(
  opts: { content?: ContentArg[]; method?: string; verbose?: number } = {},
): Promise<World> {
  const logs: string[] = [];
  const counters: Record<string, number> = {};
  const ctx: ProtocolContext = {
    config: {
      content: opts.content ?? [],
      destinations: [destination],
      verbose: opts.verbose ?? 0,
      workers: 1,
      websocket: false,
    } as unknown as RunConfig,
    options: { method: opts.method ?? 'GET' },
    log: (line) => logs.push(line),
    worker: 0,
    compile: contentCompiler(),
    fail: () => {
      throw new Error('the protocol failed the run');
    },
    counter: (name) => {
      assert.ok(
        plugin.metrics?.some((m) => m.name === name),
        `${name} is declared`,
      );
      counters[name] = 0;
      return { add: (n = 1) => (counters[name] += n) };
    },
    latency: () => {
      throw new Error('no latency metric declared');
    },
  };
  return { protocol: (await plugin.create(ctx)) as Protocol<unknown>, logs, counters };
}

/** A connection with `outstanding` requests sent; records what the protocol does to it. */
class FakeConnection implements ProtocolConnection, RequestTracker {
  readonly identity = { uid: 42, ptr: 1 };
  outcomes: number[] = [];
  closed = 0;
  constructor(public outstanding: number) {}
  get requests(): RequestTracker {
    return this;
  }
  complete(outcome = 0): number {
    if (this.outstanding === 0) return -1;
    this.outstanding--;
    this.outcomes.push(outcome);
    return 10;
  }
  completeSeq(): number {
    return -1;
  }
  discard(): void {}
  ready(): void {}
  write(): boolean {
    return true;
  }
  close(): void {
    this.closed++;
  }
}

const response = (status: string, headers = 'Content-Length: 0\r\n') =>
  `HTTP/1.1 ${status}\r\n${headers}\r\n`;

describe('http protocol plugin', () => {
  it('declares http:// and https://, their ports and transports, a closed loop, the outcomes and counters', () => {
    assert.deepEqual(plugin.schemes, ['http', 'https']);
    assert.equal(plugin.defaultPortFor?.('http'), 80);
    assert.equal(plugin.defaultPortFor?.('https'), 443);
    assert.equal(plugin.transportFor?.('https'), 'tls');
    assert.equal(plugin.transportFor?.('http'), undefined);
    assert.equal(plugin.defaultInFlight, 1, 'a closed loop unless --in-flight says otherwise');
    assert.deepEqual(plugin.requests, {
      metric: 'http',
      title: 'HTTP response latency',
      outcomes: ['2xx', '3xx', '4xx', '5xx', '1xx'],
      label: 'HTTP',
    });
    assert.deepEqual(
      plugin.metrics?.map((m) => [m.name, m.kind, m.title]),
      [
        ['http.malformed', 'counter', 'HTTP malformed responses'],
        ['http.server_closed', 'counter', 'HTTP connections closed by the server'],
      ],
    );
    assert.deepEqual(
      plugin.options?.map((o) => [o.name, o.type, o.default]),
      [['method', 'string', 'GET']],
    );
  });

  it('responses complete the oldest requests with their status class', async () => {
    const w = await world();
    const conn = new FakeConnection(6);
    const state = w.protocol.attach(conn);
    const text = ['200 OK', '302 Found', '404 Not Found', '503 Busy', '201 Created', '101 Switching'].map(
      (s) => response(s),
    );
    w.protocol.onData(state, bytes(text.join('')), 0);
    // 101 switches the connection away from HTTP: the connection is closed, and once it is, the
    // request completes.
    assert.deepEqual(conn.outcomes, [0, 1, 2, 3, 0]);
    assert.equal(conn.closed, 1);
    w.protocol.onClose?.(state);
    assert.deepEqual(conn.outcomes, [0, 1, 2, 3, 0, 4]);
    assert.equal(w.counters['http.server_closed'], 1);
    assert.equal(w.counters['http.malformed'], 0);
  });

  it('Connection: close counts the close, closes the connection, then completes the request', async () => {
    const w = await world();
    const conn = new FakeConnection(3);
    const state = w.protocol.attach(conn);
    const data = `${response('200 OK', 'Connection: close\r\nContent-Length: 2\r\n')}ok${response('200 OK')}`;
    w.protocol.onData(state, bytes(data), 0);
    // Not yet: the slot it frees would be refilled with a request on a closing connection.
    assert.deepEqual(conn.outcomes, []);
    assert.equal(conn.closed, 1);
    w.protocol.onClose?.(state);
    assert.deepEqual(conn.outcomes, [0]);
    assert.equal(w.counters['http.server_closed'], 1);
    assert.equal(w.counters['http.malformed'], 0);
  });

  it('Connection: close on a response to no request is malformed, like any such response', async () => {
    const w = await world();
    const conn = new FakeConnection(0);
    const state = w.protocol.attach(conn);
    w.protocol.onData(
      state,
      bytes(response('408 Request Timeout', 'Connection: close\r\nContent-Length: 0\r\n')),
      0,
    );
    w.protocol.onClose?.(state);
    assert.deepEqual(conn.outcomes, []);
    assert.equal(w.counters['http.malformed'], 1);
    assert.equal(w.counters['http.server_closed'], 0);
  });

  it('a body that ends with the connection completes its request when the connection closes', async () => {
    const w = await world();
    const conn = new FakeConnection(1);
    const state = w.protocol.attach(conn);
    w.protocol.onData(state, bytes('HTTP/1.1 200 OK\r\n\r\npart of'), 0);
    assert.deepEqual(conn.outcomes, []);
    w.protocol.onClose?.(state);
    assert.deepEqual(conn.outcomes, [0]);
    assert.equal(w.counters['http.server_closed'], 1);
  });

  it('a connection closed after its request timed out completes nothing and counts nothing', async () => {
    const w = await world();
    const conn = new FakeConnection(1);
    const state = w.protocol.attach(conn);
    w.protocol.onData(state, bytes('HTTP/1.1 200 OK\r\n\r\nslow body'), 0);
    conn.outstanding = 0; // the engine expired it
    w.protocol.onClose?.(state);
    assert.deepEqual(conn.outcomes, []);
    assert.equal(w.counters['http.malformed'], 0);
  });

  it('a malformed response is counted and closes the connection; nothing after it is read', async () => {
    const w = await world({ verbose: 1 });
    const conn = new FakeConnection(3);
    const state = w.protocol.attach(conn);
    w.protocol.onData(state, bytes(`${response('200 OK')}HTTP/1.1 abc\r\n\r\n${response('200 OK')}`), 0);
    w.protocol.onData(state, bytes(response('200 OK')), 0);
    assert.deepEqual(conn.outcomes, [0]);
    assert.equal(conn.closed, 1);
    assert.equal(w.counters['http.malformed'], 1);
    assert.deepEqual(w.logs, [
      'HTTP malformed response (connection 42): bad status line; closing the connection',
    ]);
  });

  it('a response to no request is malformed: pairing it with the next would skew every latency', async () => {
    const w = await world();
    const conn = new FakeConnection(1);
    const state = w.protocol.attach(conn);
    w.protocol.onData(state, bytes(response('200 OK') + response('408 Request Timeout')), 0);
    assert.deepEqual(conn.outcomes, [0]);
    assert.equal(conn.closed, 1);
    assert.equal(w.counters['http.malformed'], 1);
  });

  it('--method HEAD: responses have no body whatever their headers say', async () => {
    const w = await world({ method: 'HEAD' });
    assert.match(Buffer.from(w.protocol.request.bytes!).toString(), /^HEAD \/ HTTP\/1\.1\r\n/);
    const conn = new FakeConnection(2);
    const state = w.protocol.attach(conn);
    w.protocol.onData(state, bytes(response('200 OK', 'Content-Length: 5000\r\n').repeat(2)), 0);
    assert.deepEqual(conn.outcomes, [0, 0]);
    assert.equal(conn.closed, 0);
  });
});
