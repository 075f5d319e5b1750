import { randomBytes } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Ending } from './flood.js';
import { ignore } from './peer.js';

export type Handshake = 'tls' | 'ws';

export interface HandshakenResult {
  /** Clients that finished the handshake and sent their garbage. */
  handshaken: number;
  /** Of those that ended with FIN, how many the listener did not close within LINGER_MS. */
  lingering: number;
}

/** tcpkali closes a connection as soon as its peer's FIN arrives; a second is generous. */
const LINGER_MS = 1_000;

/**
 * Clients that finish a real handshake with kali's listener (TLS, or a WebSocket upgrade) and
 * then send random bytes and end with FIN or RST: garbage that reaches the engine instead of
 * being refused by the TLS or HTTP layer. Run one at a time; there are few of them.
 */
export async function garbageAfterHandshake(
  port: number,
  handshake: Handshake,
  connections: number,
  bytes: number,
): Promise<HandshakenResult> {
  const result: HandshakenResult = { handshaken: 0, lingering: 0 };
  for (let i = 0; i < connections; i++) {
    await one(port, handshake, randomBytes(bytes), i % 2 === 1 ? 'rst' : 'fin', result);
  }
  return result;
}

const UPGRADE = Buffer.from(
  'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
);

function one(port: number, handshake: Handshake, payload: Buffer, ending: Ending, r: HandshakenResult) {
  return new Promise<void>((resolve) => {
    // TLS runs over a TCP socket of our own: only a TCP handle can send an RST.
    const raw = tcpConnect({ host: '127.0.0.1', port });
    const socket = handshake === 'tls' ? tlsConnect({ socket: raw, rejectUnauthorized: false }) : raw;
    let sent = false;
    let linger: NodeJS.Timeout | undefined;
    raw.on('error', ignore);
    socket.on('error', ignore);
    socket.once('close', () => {
      clearTimeout(linger);
      resolve();
    });
    const garbage = () => {
      sent = true;
      r.handshaken++;
      if (ending === 'rst') {
        socket.write(payload, () => raw.resetAndDestroy());
        return;
      }
      socket.end(payload);
      linger = setTimeout(() => {
        r.lingering++;
        socket.destroy();
      }, LINGER_MS);
    };
    if (handshake === 'tls') {
      socket.once('secureConnect', garbage);
      socket.resume();
      return;
    }
    raw.once('connect', () => raw.write(UPGRADE));
    let head = '';
    raw.on('data', (chunk: Buffer) => {
      if (sent) return;
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      if (head.startsWith('HTTP/1.1 101 ')) garbage();
      else raw.destroy();
    });
  });
}
