import { createServer, type Server } from 'node:net';

/** A loopback TCP server that keeps the first line each connection sends (a `connection.uid`). */
export interface FirstLineServer {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** First lines so far, in arrival order. */
  readonly firstLines: readonly string[];
  close(): Promise<void>;
}

export async function startFirstLineServer(): Promise<FirstLineServer> {
  const firstLines: string[] = [];
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    let text = '';
    let done = false;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      if (done) return;
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) {
        done = true;
        firstLines.push(text.slice(0, end));
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    get accepted() {
      return accepted;
    },
    firstLines,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.unref();
      }),
  };
}
