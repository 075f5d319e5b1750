import { Socket } from 'node:net';

/**
 * Node gives accepted sockets no `onread` option, so they read through 'data' events: a fresh
 * Buffer for every read, which for a bulk sink is most of its work (a loopback sink receiving
 * from 100 connections moved 12 Gbit/s that way and 24 Gbit/s reading into one reused buffer,
 * measured on the 2-core CI machine). A socket built from an existing handle does take `onread`,
 * so the server accepts paused and the handle moves to such a socket before any byte is read.
 *
 * This leans on `_handle`, the same private field `socket-stream.ts` reads for exact unsent
 * counts; where it is missing or already reading, the accepted socket is used as it came.
 */
interface PausedSocket {
  _handle: { readStart?: unknown; reading?: boolean } | null;
}

export type ReadCallback = (this: Socket, nread: number, buf: Buffer) => boolean;

export function rehomeAccepted(accepted: Socket, buffer: Buffer, callback: ReadCallback): Socket | undefined {
  const raw = accepted as unknown as PausedSocket;
  const handle = raw._handle;
  if (handle === null || typeof handle.readStart !== 'function' || handle.reading === true) return undefined;
  // Detached first, so destroying the empty shell closes nothing and only settles the server's
  // connection count (server.close() waits for that count to reach zero).
  raw._handle = null;
  accepted.destroy();
  return new Socket({
    handle: handle as never,
    onread: { buffer, callback },
  } as ConstructorParameters<typeof Socket>[0]);
}
