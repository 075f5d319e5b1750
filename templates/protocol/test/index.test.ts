import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  KaliApi,
  MessageTemplate,
  Protocol,
  ProtocolConnection,
  ProtocolContext,
  RequestTracker,
} from 'kali';
import factory from '../src/index.js';

/** What kali hands the factory; its error() makes the one-line error kali prints. */
const kali: KaliApi = {
  apiVersion: '__KALI_API_VERSION__',
  exit: { FAILED: 1, USAGE: 64, DATA: 65, NO_HOST: 68, UNAVAILABLE: 69 },
  error: (message, exitCode = 1) => Object.assign(new Error(message), { exitCode }),
  describeError: (err) => (err instanceof Error ? err.message : String(err)),
  decodeHistogram: () => {
    throw new Error('not needed by these tests');
  },
  handOver: () => {},
  handedOver: () => undefined,
};

const text = (s: string) => new TextEncoder().encode(s);
const staticText = (value: string): MessageTemplate => ({ bytes: text(value), maxLength: value.length });

/** A context like kali's for `-m message`; counters land in `counts`. */
function context(message: string | undefined, compile = staticText) {
  const counts: Record<string, number> = {};
  const ctx: ProtocolContext = {
    config: {
      content: message === undefined ? [] : [{ option: 'message', value: message, unescape: false }],
    } as unknown as ProtocolContext['config'],
    options: {},
    log: () => {},
    worker: 0,
    compile: (arg) => compile(arg.value),
    fail: () => {},
    counter: (name) => ({
      add: (n = 1) => {
        counts[name] = (counts[name] ?? 0) + n;
      },
    }),
    latency: () => ({ record: () => {} }),
  };
  return { ctx, counts };
}

/** The engine's side of a connection with `sent` requests outstanding. */
class FakeConnection implements ProtocolConnection, RequestTracker {
  readonly identity = { uid: 1, ptr: 1 };
  readonly requests = this;
  readonly outcomes: number[] = [];
  closed = false;

  constructor(public outstanding: number) {}

  complete(outcome = 0): number {
    if (this.outstanding === 0) return -1;
    this.outstanding--;
    this.outcomes.push(outcome);
    return 1;
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
    this.closed = true;
  }
}

async function protocolFor(message = 'GET key', compile = staticText) {
  const { ctx, counts } = context(message, compile);
  return { protocol: (await factory(kali).create(ctx)) as Protocol<unknown>, counts };
}

function render(template: MessageTemplate): string {
  if (template.bytes !== undefined) return new TextDecoder().decode(template.bytes);
  const out = new Uint8Array(template.maxLength);
  const length = template.bind?.({ uid: 7, ptr: 1 }).render(out, 0, 0) ?? 0;
  return new TextDecoder().decode(out.subarray(0, length));
}

describe('__PLUGIN_NAME__ protocol', () => {
  test('declares its scheme, port and outcomes', () => {
    const plugin = factory(kali);
    assert.equal(plugin.kind, 'protocol');
    assert.equal(plugin.name, '__PLUGIN_NAME__');
    assert.deepEqual(plugin.schemes, ['__PLUGIN_NAME__']);
    assert.equal(plugin.defaultPort, 7777);
    assert.deepEqual(plugin.requests.outcomes, ['ok', 'err']);
  });

  test('check() refuses a run without -m, and a request of two lines', () => {
    const plugin = factory(kali);
    assert.throws(() => plugin.check?.(context(undefined).ctx), {
      message: /give the request with -m/,
      exitCode: 64,
    });
    assert.throws(() => plugin.check?.(context('a\nb').ctx), { message: /is one line/, exitCode: 64 });
    plugin.check?.(context('GET key').ctx);
  });

  test('a request is the -m text and a newline, static or rendered per connection', async () => {
    assert.equal(render((await protocolFor('GET key')).protocol.request), 'GET key\n');
    // What the expression plugin gives for -m 'GET \{connection.uid}'.
    const perConnection = (): MessageTemplate => ({
      maxLength: 16,
      bind: (identity) => ({
        render: (out, offset) => {
          const bytes = text(`GET ${identity.uid}`);
          out.set(bytes, offset);
          return bytes.length;
        },
      }),
    });
    assert.equal(render((await protocolFor('GET x', perConnection)).protocol.request), 'GET 7\n');
  });

  test('replies complete requests in order, however the bytes are split', async () => {
    const replies = text('OK first\r\nERR nope\nOK\nERR\r\n');
    for (let cut = 0; cut <= replies.length; cut++) {
      const { protocol } = await protocolFor();
      const connection = new FakeConnection(4);
      const state = protocol.attach(connection);
      protocol.onData(state, replies.subarray(0, cut), 0);
      protocol.onData(state, replies.subarray(cut), 0);
      assert.deepEqual(connection.outcomes, [0, 1, 0, 1], `split at ${cut}`);
      assert.equal(connection.closed, false);
    }
  });

  test('a malformed reply, or a reply to no request, is counted and closes the connection', async () => {
    for (const [reply, outstanding] of [
      ['OKAY\n', 1],
      ['WHAT\n', 1],
      ['\n', 1],
      ['OK\n', 0],
    ] as const) {
      const { protocol, counts } = await protocolFor();
      const connection = new FakeConnection(outstanding);
      protocol.onData(protocol.attach(connection), text(`${reply}OK\n`), 0);
      assert.equal(connection.closed, true, reply);
      assert.equal(counts['__PLUGIN_NAME__.malformed'], 1, reply);
      assert.deepEqual(connection.outcomes, [], 'nothing is read after the close');
    }
  });
});
