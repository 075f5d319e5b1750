import { createServer, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ignore, PeerBase } from './peer.js';

/**
 * An HTTP server that answers every request, WebSocket upgrades included, with one status and
 * closes: what a web server without a WebSocket endpoint (or an overloaded one) does.
 */
export class HttpStatusPeer extends PeerBase {
  /** Upgrade requests answered. */
  upgrades = 0;

  constructor(readonly status: number) {
    const body = `${status} ${STATUS_CODES[status]}\n`;
    const response = Buffer.from(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    const server = createServer((_req, res) => {
      res.writeHead(status, { 'Content-Type': 'text/plain', Connection: 'close' }).end(body);
    });
    super(server);
    server.on('connection', (socket: Socket) => this.track(socket));
    // Node hands upgrade requests to 'upgrade' only; the answer is written on the raw socket.
    server.on('upgrade', (_req, socket: Socket) => {
      this.upgrades++;
      socket.on('error', ignore);
      socket.end(response);
    });
  }
}

export function startHttpStatusPeer(status: number): Promise<HttpStatusPeer> {
  return new HttpStatusPeer(status).listen();
}
