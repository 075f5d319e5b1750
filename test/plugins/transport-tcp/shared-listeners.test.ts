import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { sharedListenSocket } from '../../../plugins/transport-tcp/src/reuse-port.js';
import { canShareListeners, listenWith } from '../../../plugins/transport-tcp/src/server-listener.js';
import type { Listener } from '../../../src/interfaces/transport.js';
import { freePort } from '../../helpers/free-port.js';

// The CI machine is Linux: sharing must work there, not quietly fall back.
const linux = process.platform === 'linux';

const listeners: Listener[] = [];
after(async () => {
  for (const l of listeners) await l.close();
});

/** A server that counts what it accepts, listening with `shared` as every worker would. */
async function sharedServer(
  port: number,
  address = '127.0.0.1',
): Promise<{ server: Server; accepted: Socket[] }> {
  const accepted: Socket[] = [];
  const server = createServer((s) => {
    accepted.push(s);
    s.on('error', () => {});
  });
  listeners.push(await listenWith(server, { address, port, backlog: 1024, shared: true }));
  return { server, accepted };
}

function connectOnce(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host }, () => resolve(s));
    s.once('error', reject);
  });
}

describe('listening sockets shared by workers (SO_REUSEPORT)', { skip: !linux && 'Linux only' }, () => {
  it('is available on this machine', () => {
    assert.equal(canShareListeners(), true);
  });

  it('lets two listeners bind one port, and the kernel spreads connections between them', async () => {
    const port = await freePort();
    const a = await sharedServer(port);
    const b = await sharedServer(port);
    const clients: Socket[] = [];
    for (let i = 0; i < 64; i++) clients.push(await connectOnce(port));
    // Accepts are reported on the servers' next turns.
    for (let i = 0; i < 100 && a.accepted.length + b.accepted.length < 64; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(a.accepted.length + b.accepted.length, 64);
    // The kernel hashes each connection's ports: 64 all landing on one side has odds of 2^-63.
    assert.ok(a.accepted.length > 0 && b.accepted.length > 0, `${a.accepted.length} / ${b.accepted.length}`);
    for (const s of [...clients, ...a.accepted, ...b.accepted]) s.destroy();
  });

  it("takes the backlog it is given, not Node's 511 for descriptors", async () => {
    const port = await freePort();
    const server = createServer();
    listeners.push(await listenWith(server, { address: '127.0.0.1', port, backlog: 2048, shared: true }));
    const { execFileSync } = await import('node:child_process');
    // ss shows a listening socket's backlog in Send-Q.
    const line = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).trim();
    const sendQ = Number(line.split(/\s+/)[2]);
    assert.ok(sendQ > 511, line);
  });

  it('does not join a port that someone bound the ordinary way', async () => {
    const port = await freePort();
    const plain = createServer();
    await new Promise<void>((r) => plain.listen({ host: '127.0.0.1', port }, r));
    try {
      assert.throws(
        () => sharedListenSocket('127.0.0.1', port),
        (e: NodeJS.ErrnoException) => e.code === 'EADDRINUSE' && e.syscall === 'bind' && e.errno === -98,
      );
    } finally {
      await new Promise((r) => plain.close(r));
    }
  });

  it('binds IPv6 addresses IPv6-only, so :: and 0.0.0.0 can share one port number', async (t) => {
    const port = await freePort();
    let v6: Awaited<ReturnType<typeof sharedServer>>;
    try {
      v6 = await sharedServer(port, '::1');
    } catch (err) {
      t.skip(`this machine cannot bind [::1]: ${(err as Error).message}`);
      return;
    }
    const v4 = await sharedServer(port, '127.0.0.1');
    const s6 = await connectOnce(port, '::1');
    const s4 = await connectOnce(port, '127.0.0.1');
    for (let i = 0; i < 100 && v6.accepted.length + v4.accepted.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(v6.accepted.length, 1);
    assert.equal(v4.accepted.length, 1);
    for (const s of [s6, s4, ...v6.accepted, ...v4.accepted]) s.destroy();
  });

  it('refuses an address that is not numeric with EINVAL, closing nothing it did not open', () => {
    assert.throws(
      () => sharedListenSocket('localhost', 9),
      (e: NodeJS.ErrnoException) => e.code === 'EINVAL' && e.syscall === 'inet_pton',
    );
  });
});
