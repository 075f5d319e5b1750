import { createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback server that answers every `PING\r\n` it reads (found anywhere in the stream, so both
 * the RESP `*1\r\n$4\r\nPING\r\n` of redis:// and a plain `PING\r\n` line count) with a reply after
 * a delay, and keeps score of how many requests each connection had waiting at once: a request
 * waits from the moment it arrived until its reply was written, which is never later than the
 * client saw the reply, so a client that respects an in-flight limit N never shows more than N.
 */
export interface PingServerOptions {
  /** Milliseconds before each reply (default 0: on the next turn of the event loop). */
  delayMs?: number;
  /** Answer only the first N requests of each connection; the rest are read and never answered. */
  answerFirst?: number;
  /** What a reply is (default `+PONG\r\n`). */
  reply?: Uint8Array;
}

export interface PingServer {
  port: number;
  readonly connections: number;
  readonly requests: number;
  readonly replies: number;
  /** The most requests any one connection had waiting at once. */
  readonly maxOutstanding: number;
  close(): Promise<void>;
}

const NEEDLE = Buffer.from('PING\r\n');

export async function startPingServer(options: PingServerOptions = {}): Promise<PingServer> {
  const reply = options.reply ?? Buffer.from('+PONG\r\n');
  const delay = options.delayMs ?? 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;
  let requests = 0;
  let replies = 0;
  let maxOutstanding = 0;

  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.setNoDelay(true);
    let tail = Buffer.alloc(0);
    let seen = 0;
    let outstanding = 0;
    socket.on('data', (chunk: Buffer) => {
      const data = Buffer.concat([tail, chunk]);
      let from = 0;
      for (let i = data.indexOf(NEEDLE); i >= 0; i = data.indexOf(NEEDLE, from)) {
        from = i + NEEDLE.length;
        requests++;
        seen++;
        if (options.answerFirst !== undefined && seen > options.answerFirst) continue;
        outstanding++;
        maxOutstanding = Math.max(maxOutstanding, outstanding);
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (socket.destroyed) return;
          outstanding--;
          replies++;
          socket.write(reply);
        }, delay);
        timers.add(timer);
      }
      // A request split across reads is found once the rest arrives.
      tail = data.subarray(Math.max(from, data.length - NEEDLE.length + 1));
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    get connections() {
      return connections;
    },
    get requests() {
      return requests;
    },
    get replies() {
      return replies;
    },
    get maxOutstanding() {
      return maxOutstanding;
    },
    close: () =>
      new Promise((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
