import { connect, createServer, type Server } from 'node:net';

/**
 * Loopback port utilities for tests. Only 127.0.0.1 and ::1 are ever used, so nothing a test
 * does can reach another machine.
 */

/** A port nobody listens on right now: the kernel picks it, we release it at once. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = await holdPort(host);
  const { port } = server.address() as { port: number };
  await closeServer(server);
  return port;
}

/** Keeps a port bound (and accepting) until the server is closed, e.g. to provoke EADDRINUSE. */
export function holdPort(host = '127.0.0.1', port = 0): Promise<Server> {
  const server = createServer((socket) => socket.resume());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Resolves once something accepts connections on host:port. A separate kali sink prints
 * `Listen on:` before its worker has bound the port, so that line alone proves nothing.
 */
export async function waitForListening(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(host, port)) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on [${host}]:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
