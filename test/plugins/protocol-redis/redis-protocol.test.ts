import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  ContentArg,
  Protocol,
  ProtocolConnection,
  ProtocolContext,
  RequestTracker,
  RunConfig,
} from 'kali';
import factory from '../../../plugins/protocol-redis/src/index.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { contentCompiler, message, resp } from './helpers.js';

const plugin = factory(kaliApi);

interface World {
  protocol: Protocol<unknown>;
  logs: string[];
  failures: { message: string; exitCode: number }[];
  protocolErrors: () => number;
}

async function world(content: ContentArg[], verbose = 0, worker = 0, workers = 1): Promise<World> {
  const logs: string[] = [];
  const failures: World['failures'] = [];
  let protocolErrors = 0;
  const ctx: ProtocolContext = {
    config: { content, verbose, workers } as unknown as RunConfig,
    options: {},
    log: (line) => logs.push(line),
    worker,
    compile: contentCompiler(),
    fail: (m, exitCode) => failures.push({ message: m, exitCode }),
    counter: (name) => {
      assert.equal(name, 'redis.protocol-errors');
      return { add: (n = 1) => (protocolErrors += n) };
    },
    latency: () => {
      throw new Error('no latency metric declared');
    },
  };
  const protocol = (await plugin.create(ctx)) as Protocol<unknown>;
  return { protocol, logs, failures, protocolErrors: () => protocolErrors };
}

/** A connection with `outstanding` requests sent; records what the protocol does to it. */
class FakeConnection implements ProtocolConnection, RequestTracker {
  readonly identity = { uid: 42, ptr: 1 };
  outcomes: number[] = [];
  closed = 0;
  readied = 0;
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
  ready(): void {
    this.readied++;
  }
  write(): boolean {
    return true;
  }
  close(): void {
    this.closed++;
  }
}

const feed = (w: World, state: unknown, text: string) =>
  w.protocol.onData(state, Buffer.from(text, 'latin1'), 0);

describe('redis protocol plugin', () => {
  it('declares redis://, port 6379, the ok/error outcomes and the protocol-error counter', () => {
    assert.deepEqual(plugin.schemes, ['redis']);
    assert.equal(plugin.defaultPort, 6379);
    assert.deepEqual(plugin.requests, {
      metric: 'redis',
      title: 'Redis reply latency',
      outcomes: ['ok', 'error'],
    });
    assert.deepEqual(
      plugin.metrics?.map((m) => [m.name, m.kind]),
      [['redis.protocol-errors', 'counter']],
    );
  });

  it('replies complete the oldest requests, error replies with outcome 1', async () => {
    const w = await world([message('INCR n')]);
    assert.deepEqual(Buffer.from(w.protocol.request.bytes!), resp('INCR', 'n'));
    const conn = new FakeConnection(4);
    const state = w.protocol.attach(conn);
    feed(w, state, ':1\r\n-ERR value is not an integer\r\n:');
    feed(w, state, '3\r\n$-1\r\n');
    assert.deepEqual(conn.outcomes, [0, 1, 0, 0]);
    assert.equal(conn.closed, 0);
    assert.deepEqual(w.logs, []);
  });

  it('with -v the first three error replies are shown, one line each', async () => {
    const w = await world([message('NOSUCHCOMMAND')], 1);
    const conn = new FakeConnection(5);
    const state = w.protocol.attach(conn);
    feed(w, state, "-ERR unknown command 'NOSUCHCOMMAND'\r\n".repeat(5));
    assert.deepEqual(conn.outcomes, [1, 1, 1, 1, 1]);
    assert.deepEqual(
      w.logs,
      Array(3).fill("Redis error reply (connection 42): ERR unknown command 'NOSUCHCOMMAND'"),
    );
  });

  it('with several workers each shows its share of the three, at least one', async () => {
    const shown = async (worker: number, workers: number) => {
      const w = await world([message('NOSUCHCOMMAND')], 1, worker, workers);
      const state = w.protocol.attach(new FakeConnection(5));
      feed(w, state, '-ERR unknown command\r\n'.repeat(5));
      return w.logs.length;
    };
    assert.deepEqual([await shown(0, 2), await shown(1, 2)], [2, 1]);
    assert.deepEqual(await Promise.all([0, 1, 2, 3, 4].map((i) => shown(i, 5))), [1, 1, 1, 1, 1]);
  });

  it('a malformed reply is counted and closes the connection; nothing after it is read', async () => {
    const w = await world([message('PING')], 1);
    const conn = new FakeConnection(3);
    const state = w.protocol.attach(conn);
    feed(w, state, '+PONG\r\n?what\r\n+PONG\r\n');
    feed(w, state, '+PONG\r\n');
    assert.deepEqual(conn.outcomes, [0]);
    assert.equal(conn.closed, 1);
    assert.equal(w.protocolErrors(), 1);
    assert.deepEqual(w.logs, [
      'Redis protocol error (connection 42): unknown reply type byte; closing the connection',
    ]);
  });

  it('a reply to no request is a protocol error too', async () => {
    const w = await world([message('PING')]);
    const conn = new FakeConnection(1);
    const state = w.protocol.attach(conn);
    feed(w, state, '+PONG\r\n+PONG\r\n');
    assert.deepEqual(conn.outcomes, [0]);
    assert.equal(conn.closed, 1);
    assert.equal(w.protocolErrors(), 1);
    assert.deepEqual(w.logs, []);
  });

  it('data after close is ignored', async () => {
    const w = await world([message('PING')]);
    const conn = new FakeConnection(1);
    const state = w.protocol.attach(conn);
    w.protocol.onClose?.(state);
    feed(w, state, '+PONG\r\n');
    assert.deepEqual(conn.outcomes, []);
  });

  it('the hello’s replies open the connection for requests and complete none', async () => {
    const first = (value: string): ContentArg => ({ option: 'first-message', value, unescape: false });
    const w = await world([first('SELECT 1'), first('CLIENT SETNAME x'), message('PING')]);
    assert.deepEqual(
      Buffer.from(w.protocol.hello!.bytes!),
      Buffer.concat([resp('SELECT', '1'), resp('CLIENT', 'SETNAME', 'x')]),
    );
    const conn = new FakeConnection(0);
    const state = w.protocol.attach(conn);
    feed(w, state, '+OK\r\n');
    assert.equal(conn.readied, 0);
    feed(w, state, '+OK\r\n');
    assert.equal(conn.readied, 1);
    conn.outstanding = 1;
    feed(w, state, '+PONG\r\n');
    assert.deepEqual(conn.outcomes, [0]);
  });

  it('a refused hello stops the run once, with the server’s words and exit 69', async () => {
    const w = await world([
      { option: 'first-message', value: 'AUTH nope', unescape: false },
      message('PING'),
    ]);
    for (let i = 0; i < 2; i++) {
      const state = w.protocol.attach(new FakeConnection(0));
      feed(w, state, '-WRONGPASS invalid username-password pair\r\n');
    }
    assert.deepEqual(w.failures, [
      {
        message:
          "--first-message='AUTH nope': the server answered with an error: WRONGPASS invalid username-password pair",
        exitCode: 69,
      },
    ]);
  });

  it('check() refuses a bad command before the run, exit 64', () => {
    const ctx = {
      config: { content: [message('SET "k')] },
      compile: contentCompiler(),
    } as unknown as ProtocolContext;
    assert.throws(
      () => plugin.check?.(ctx),
      (e: Error & { exitCode?: number }) =>
        e.exitCode === 64 && /^--message='SET "k': unterminated double quote$/.test(e.message),
    );
  });

  it('check() refuses -H: Redis commands have no headers', () => {
    const ctx = {
      config: { content: [{ option: 'header', value: 'X: y', unescape: false }, message('PING')] },
      compile: contentCompiler(),
    } as unknown as ProtocolContext;
    assert.throws(
      () => plugin.check?.(ctx),
      (e: Error & { exitCode?: number }) =>
        e.exitCode === 64 && e.message === '--header: Redis commands have no headers',
    );
  });
});
