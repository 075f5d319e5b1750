import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { ignore } from './peer.js';

/** How one flood connection ends. */
export type Ending = 'fin' | 'rst';

export interface FloodOptions {
  port: number;
  connections: number;
  /** Random bytes each connection sends before it ends (0: none). */
  bytes: number;
  /** Connections in flight at once. */
  parallel: number;
  /** The i-th connection's ending; by default odd ones reset and even ones close. */
  ending?: (i: number) => Ending;
}

export interface FloodResult {
  /** Connections that reached 'connect'. */
  connected: number;
  /** Connections that could not connect (refused, reset during the handshake). */
  failed: number;
  /** Random bytes written by connections that ended with a FIN, which a reader must see. */
  bytesClosed: number;
  /** Random bytes written by every connection. */
  bytesTotal: number;
}

/**
 * Connections that each send random bytes and then close (FIN) or reset (RST), as a misbehaving
 * or hostile client would, at most `parallel` at a time. Loopback only.
 */
export async function flood(opts: FloodOptions): Promise<FloodResult> {
  const result: FloodResult = { connected: 0, failed: 0, bytesClosed: 0, bytesTotal: 0 };
  const ending = opts.ending ?? ((i: number) => (i % 2 === 1 ? 'rst' : 'fin'));
  let next = 0;
  const worker = async () => {
    while (next < opts.connections) {
      const i = next++;
      await one(opts.port, randomBytes(opts.bytes), ending(i), result);
    }
  };
  await Promise.all(Array.from({ length: opts.parallel }, worker));
  return result;
}

function one(port: number, payload: Buffer, ending: Ending, r: FloodResult) {
  return new Promise<void>((resolve) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    let connected = false;
    socket.on('error', ignore);
    socket.once('close', () => {
      if (!connected) r.failed++;
      resolve();
    });
    socket.once('connect', () => {
      connected = true;
      r.connected++;
      r.bytesTotal += payload.length;
      if (ending === 'rst') {
        socket.write(payload, () => socket.resetAndDestroy());
        return;
      }
      r.bytesClosed += payload.length;
      // Whatever the listener answers is read and dropped; the FIN goes after the payload.
      socket.resume();
      socket.end(payload);
      // A listener that keeps the connection open after our FIN is not what is being tested.
      setTimeout(() => socket.destroy(), 2_000).unref();
    });
  });
}
