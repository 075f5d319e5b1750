import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import type { Destination, KaliApi, Stream, StreamHandler, TransportContext } from 'kali';
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

function context(config: Partial<TransportContext['config']> = {}): TransportContext {
  return {
    config: config as TransportContext['config'],
    options: {},
    log: () => {},
    worker: 0,
    workers: 1,
    compile: () => ({ maxLength: 0 }),
    counter: () => ({ add: () => {} }),
    latency: () => ({ record: () => {} }),
  };
}

function destination(port: number): Destination {
  return {
    spec: { text: `127.0.0.1:${port}`, host: '127.0.0.1', port, path: '' },
    address: '127.0.0.1',
    family: 4,
    port,
  };
}

/** The engine's side of one connection: what it saw, and promises to wait for it. */
class Recorder implements StreamHandler {
  stream: Stream | undefined;
  received = '';
  closedWith: Error | undefined | null = null;
  private waiters: (() => void)[] = [];

  onOpen(stream: Stream): void {
    this.stream = stream;
    this.wake();
  }
  onData(data: Uint8Array): void {
    this.received += new TextDecoder().decode(data);
    this.wake();
  }
  onDrain(): void {}
  onEnd(): void {
    this.stream?.end();
  }
  onClose(error: Error | undefined): void {
    this.closedWith = error;
    this.wake();
  }
  countTraffic(): void {}

  until(done: () => boolean): Promise<void> {
    return done()
      ? Promise.resolve()
      : new Promise((resolve) => this.waiters.push(() => done() && resolve()));
  }
  private wake(): void {
    for (const w of this.waiters) w();
  }
}

test('is used only when asked for by name, and refuses socket buffer sizes', () => {
  const plugin = factory(kali);
  assert.equal(plugin.kind, 'transport');
  assert.equal(plugin.name, '__PLUGIN_NAME__');
  assert.equal(plugin.matches?.(context().config), false);
  assert.throws(() => plugin.check?.(context({ rcvbuf: 65536 })), { exitCode: 64 });
});

test('carries bytes both ways between connect() and listen()', async () => {
  const transport = await factory(kali).create(context());
  const server = new Recorder();
  const listener = await transport.listen({ address: '127.0.0.1', port: 0, backlog: 8 }, () => server);
  const client = new Recorder();
  transport.connect(
    { destination: destination(listener.port), identity: { uid: 1, ptr: 1 }, timeoutMs: 5000 },
    client,
  );
  await client.until(() => client.stream !== undefined);
  client.stream?.write(new TextEncoder().encode('ping'));
  await server.until(() => server.received === 'ping');
  server.stream?.write(new TextEncoder().encode('pong'));
  await client.until(() => client.received === 'pong');
  client.stream?.end();
  await client.until(() => client.closedWith !== null);
  assert.equal(client.closedWith, undefined);
  await listener.close();
  await transport.close?.();
});

test('a refused connection ends in onClose with the error', async () => {
  // A port that was free a moment ago, so nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const transport = await factory(kali).create(context());
  const client = new Recorder();
  transport.connect(
    { destination: destination(port), identity: { uid: 1, ptr: 1 }, timeoutMs: 5000 },
    client,
  );
  await client.until(() => client.closedWith !== null);
  assert.equal((client.closedWith as NodeJS.ErrnoException | undefined)?.code, 'ECONNREFUSED');
  assert.equal(client.stream, undefined);
});
