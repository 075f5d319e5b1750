import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { closeServer, freePort } from '../helpers/free-port.js';
import { explain, lines, runKali } from '../helpers/run-kali.js';

const FOUND = 'Found --message-stop="STOP", aborting.';

/** A server that sends each piece to every client, `gapMs` apart, then keeps the connection open. */
function piecewiseServer(pieces: string[], gapMs: number): Promise<Server> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    // Nagle would not merge these: the first goes out at once, the second 50 ms later.
    socket.setNoDelay(true);
    pieces.forEach((piece, i) => {
      setTimeout(() => socket.writable && socket.write(piece), i * gapMs);
    });
  });
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('--message-stop', { timeout: 30_000, concurrency: 2 }, () => {
  it('an active listener echoing the message makes the run stop with exit 2 and no report', async () => {
    const port = await freePort();
    const run = await runKali(
      ['--listen-mode=active', '-m', 'xxSTOPxx', '--message-stop', 'STOP', '-T5s'].concat(
        `-l127.0.0.1:${port}`,
        `127.0.0.1:${port}`,
      ),
      { timeoutMs: 10_000 },
    );
    assert.equal(run.code, 2, explain(run));
    assert.deepEqual(lines(run.stdout), [FOUND], explain(run));
    assert.match(run.stderr, /^Last packet\(\d+\): \[.*STOP/m, explain(run));
    // It stops on the first read, not at -T.
    assert.ok(run.elapsedMs < 4_000, explain(run));
  });

  it('finds STOP split across two reads (ST, then OP 50 ms later)', async () => {
    const server = await piecewiseServer(['ST', 'OP'], 50);
    try {
      const run = await runKali(['--message-stop', 'STOP', '-T3s', `127.0.0.1:${portOf(server)}`], {
        timeoutMs: 10_000,
      });
      assert.equal(run.code, 2, explain(run));
      assert.deepEqual(lines(run.stdout), [FOUND], explain(run));
    } finally {
      await closeServer(server);
    }
  });

  it('is not fooled by a near miss across reads (ST, then OX)', async () => {
    const server = await piecewiseServer(['ST', 'OX', 'TOP'], 50);
    try {
      const run = await runKali(['--message-stop', 'STOP', '-T1s', `127.0.0.1:${portOf(server)}`], {
        timeoutMs: 10_000,
      });
      assert.equal(run.code, 0, explain(run));
      assert.doesNotMatch(run.stdout, /Found --message-stop/, explain(run));
    } finally {
      await closeServer(server);
    }
  });
});
