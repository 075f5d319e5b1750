import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { TcpTransport } from '../../../plugins/transport-tcp/src/tcp-transport.js';
import type { Destination } from '../../../src/interfaces/config.js';
import type { Listener, Stream, StreamHandler } from '../../../src/interfaces/transport.js';
import { closeServer, freePort, holdPort } from '../../helpers/free-port.js';

/** A StreamHandler that writes down everything the transport tells it. */
class Recorder implements StreamHandler {
  countTraffic(): void {}
  stream: Stream | undefined;
  events: string[] = [];
  bytes = 0;
  drains = 0;
  /** The memory every view handed to onData lived in: a reused buffer shows up once. */
  readonly backing = new Set<ArrayBufferLike>();
  private chunks: Buffer[] = [];
  error: Error | undefined;
  private waiters: (() => boolean)[] = [];

  onOpen(stream: Stream): void {
    this.stream = stream;
    this.note('open');
  }
  onData(data: Uint8Array): void {
    // The view belongs to the transport's shared read buffer: copy it now.
    this.chunks.push(Buffer.from(data));
    this.backing.add(data.buffer);
    this.bytes += data.length;
    this.note('data');
  }
  onDrain(): void {
    this.drains++;
    this.note('drain');
  }
  onEnd(): void {
    this.note('end');
  }
  onClose(error: Error | undefined): void {
    this.error = error;
    this.note('close');
  }

  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Resolves once `ready()` holds, checked after every event. */
  until(ready: (r: Recorder) => boolean, what: string, timeoutMs = 3_000): Promise<void> {
    if (ready(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${what} within ${timeoutMs} ms; events: ${this.events.join(' ')}`)),
        timeoutMs,
      );
      this.waiters.push(() => {
        if (!ready(this)) return false;
        clearTimeout(timer);
        resolve();
        return true;
      });
    });
  }

  private note(event: string): void {
    if (this.events.at(-1) !== event || event !== 'data') this.events.push(event);
    this.waiters = this.waiters.filter((w) => !w());
  }
}

const saw = (event: string) => (r: Recorder) => r.events.includes(event);

function destination(address: string, port: number): Destination {
  const family = address.includes(':') ? 6 : 4;
  return { spec: { text: `${address}:${port}`, host: address, port, path: '' }, address, family, port };
}

const transport = new TcpTransport();
const listeners: Listener[] = [];
after(async () => {
  for (const l of listeners) await l.close();
});

/** A listener on a kernel-chosen loopback port; every accepted connection gets a fresh Recorder. */
async function listen(address = '127.0.0.1') {
  const accepted: Recorder[] = [];
  const listener = await transport.listen({ address, port: 0, backlog: 16 }, () => {
    const r = new Recorder();
    accepted.push(r);
    return r;
  });
  listeners.push(listener);
  return { listener, accepted };
}

let nextUid = 0;

function connect(address: string, port: number, timeoutMs = 2_000): Recorder {
  const client = new Recorder();
  nextUid++;
  transport.connect(
    { destination: destination(address, port), identity: { uid: nextUid, ptr: nextUid }, timeoutMs },
    client,
  );
  return client;
}

/**
 * A loopback listener with a backlog of 1 in a process that never accepts: once its queue is
 * full the kernel drops further SYNs, so a connect can only time out. Nothing leaves the host.
 */
async function unresponsiveListener(): Promise<{ port: number; kill(): void }> {
  const script = `
    const s = require('node:net').createServer();
    s.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
      process.stdout.write(s.address().port + '\\n', () => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20000);
      });
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
  });
  return { port, kill: () => child.kill('SIGKILL') };
}

describe('TcpTransport', { timeout: 10_000 }, () => {
  it('listens on a kernel-chosen port and reports it', async () => {
    const { listener } = await listen();
    assert.equal(listener.address, '127.0.0.1');
    assert.ok(listener.port > 0);
  });

  it('connects, carries bytes both ways, and describes both ends', async () => {
    const { listener, accepted } = await listen();
    const client = connect('127.0.0.1', listener.port);
    await client.until(saw('open'), 'client open');
    const stream = client.stream as Stream;
    assert.equal(stream.remoteAddress, '127.0.0.1');
    assert.equal(stream.remotePort, listener.port);
    assert.equal(stream.localAddress, '127.0.0.1');
    assert.ok(stream.localPort > 0);
    assert.ok(Number.isInteger(stream.fd));

    stream.write(Buffer.from('hello '));
    stream.write(Buffer.from('world'));
    const [server] = await waitForAccept(accepted);
    await server.until((r) => r.bytes >= 11, 'bytes at the server');
    assert.equal(server.received.toString(), 'hello world');
    assert.equal(server.stream?.remotePort, stream.localPort);

    server.stream?.write(Buffer.from('pong'));
    await client.until((r) => r.bytes >= 4, 'bytes at the client');
    assert.equal(client.received.toString(), 'pong');
    stream.destroy();
    await client.until(saw('close'), 'client close');
    assert.equal(client.error, undefined);
  });

  it('reads accepted sockets into the same reused buffer as client sockets', async () => {
    const { listener, accepted } = await listen();
    const client = connect('127.0.0.1', listener.port);
    await client.until(saw('open'), 'client open');
    const stream = client.stream as Stream;
    // Separate writes, each awaited at the server, so they arrive as separate reads.
    const [server] = await waitForAccept(accepted);
    for (let i = 1; i <= 5; i++) {
      stream.write(Buffer.alloc(1000, i));
      await server.until((r) => r.bytes >= i * 1000, `write ${i} at the server`);
      server.stream?.write(Buffer.from([i]));
      await client.until((r) => r.bytes >= i, `reply ${i} at the client`);
    }
    assert.equal(server.received.length, 5000);
    assert.deepEqual([...server.received.subarray(4000)], new Array(1000).fill(5));
    // Node's 'data' events would bring a fresh Buffer for every read.
    assert.equal(server.backing.size, 1, 'accepted reads came in fresh buffers');
    assert.deepEqual([...server.backing], [...client.backing]);
    stream.destroy();
    await server.until(saw('close'), 'server close');
  });

  it('reports a half-close as onEnd, then onClose without an error', async () => {
    const { listener, accepted } = await listen();
    const client = connect('127.0.0.1', listener.port);
    await client.until(saw('open'), 'client open');
    client.stream?.end();
    const [server] = await waitForAccept(accepted);
    await server.until(saw('end'), 'end at the server');
    server.stream?.end();
    await client.until(saw('close'), 'client close');
    await server.until(saw('close'), 'server close');
    assert.deepEqual(client.events, ['open', 'end', 'close']);
    assert.equal(client.error, undefined);
    assert.equal(server.error, undefined);
  });

  it('signals drain after a write the kernel could not take at once', async () => {
    const { listener, accepted } = await listen();
    const client = connect('127.0.0.1', listener.port);
    await client.until(saw('open'), 'client open');
    const big = Buffer.alloc(32 * 1024 * 1024, 0x5a);
    const accepted1 = client.stream?.write(big);
    assert.equal(accepted1, false, 'a 32 MiB write should exceed what the socket takes at once');
    assert.ok((client.stream?.bufferedAmount ?? 0) > 0);
    await client.until((r) => r.drains > 0, 'drain', 10_000);
    assert.equal(client.stream?.bufferedAmount, 0);
    const [server] = await waitForAccept(accepted);
    await server.until((r) => r.bytes >= big.length, 'all bytes at the server', 10_000);
    client.stream?.destroy();
  });

  it('a refused connection closes with ECONNREFUSED and never opens', async () => {
    const client = connect('127.0.0.1', await freePort());
    await client.until(saw('close'), 'close');
    assert.deepEqual(client.events, ['close']);
    assert.equal((client.error as NodeJS.ErrnoException | undefined)?.code, 'ECONNREFUSED');
  });

  it('a connect that gets no answer closes with ETIMEDOUT after timeoutMs', { timeout: 8_000 }, async () => {
    const server = await unresponsiveListener();
    const fillers: Recorder[] = [];
    try {
      // Fill the accept queue; the first attempt that does not complete is the one under test.
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        const client = connect('127.0.0.1', server.port, 300);
        await client.until((r) => r.events.length > 0, 'open or close', 5_000);
        if (client.events[0] === 'open') {
          fillers.push(client);
          continue;
        }
        const elapsed = performance.now() - started;
        assert.equal(client.events[0], 'close');
        assert.equal((client.error as NodeJS.ErrnoException | undefined)?.code, 'ETIMEDOUT');
        assert.ok(elapsed >= 250, `timed out after only ${Math.round(elapsed)} ms`);
        return;
      }
      assert.fail('ten connections were all accepted: the backlog never filled');
    } finally {
      for (const f of fillers) f.stream?.destroy();
      server.kill();
    }
  });

  it('an established connection is not cut by the connect timeout', async () => {
    const { listener } = await listen();
    const client = connect('127.0.0.1', listener.port, 100);
    await client.until(saw('open'), 'client open');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(client.events, ['open']);
    client.stream?.destroy();
  });

  it('listen() rejects when the port is taken', async () => {
    const held = await holdPort();
    try {
      const { port } = held.address() as { port: number };
      await assert.rejects(
        transport.listen({ address: '127.0.0.1', port, backlog: 16 }, () => new Recorder()),
        (e: NodeJS.ErrnoException) => e.code === 'EADDRINUSE',
      );
    } finally {
      await closeServer(held);
    }
  });

  it('works over IPv6 loopback', async (t) => {
    let setup: Awaited<ReturnType<typeof listen>>;
    try {
      setup = await listen('::1');
    } catch (err) {
      t.skip(`this machine cannot bind [::1]: ${(err as Error).message}`);
      return;
    }
    const client = connect('::1', setup.listener.port);
    await client.until(saw('open'), 'client open');
    assert.equal(client.stream?.remoteAddress, '::1');
    client.stream?.write(Buffer.from('six'));
    const [server] = await waitForAccept(setup.accepted);
    await server.until((r) => r.bytes >= 3, 'bytes at the server');
    assert.equal(server.received.toString(), 'six');
    client.stream?.destroy();
  });
});

async function waitForAccept(accepted: Recorder[]): Promise<Recorder[]> {
  for (let i = 0; i < 300 && accepted.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(accepted.length > 0, 'nothing was accepted');
  return accepted;
}
