import type { Socket } from 'node:net';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { ConnectDeadlines } from '@kali/transport-tcp/connect-deadlines';
import { applyAcceptedBuffers, openTcp } from '@kali/transport-tcp/open-tcp';
import { listenWith } from '@kali/transport-tcp/server-listener';
import { onServerData, openSocket, tagSocket } from '@kali/transport-tcp/socket-events';
import { destroyTimedOut } from '@kali/transport-tcp/timed-out';
import type {
  AcceptHandler,
  ConnectAttempt,
  ConnectRequest,
  Listener,
  ListenRequest,
  StreamHandler,
  Transport,
  TransportContext,
} from 'kali';
import { type Credentials, loadCredentials } from './tls-credentials.js';

/**
 * TLS over TCP with Node's tls module. Certificates are not verified: a load generator points at
 * test servers with self-signed certificates, as tcpkali does. The engine sees the socket only
 * once the handshake is done, so a failed handshake is a failed connection attempt.
 */
export class TlsTransport implements Transport {
  private readonly deadlines = new ConnectDeadlines(destroyTimedOut);
  private credentials?: Credentials;

  constructor(private readonly ctx: TransportContext) {}

  connect(req: ConnectRequest, handler: StreamHandler): ConnectAttempt {
    const d = req.destination;
    // TLS over a TCP socket of our own, so socket buffer sizes go on before the SYN.
    const socket = connect({
      socket: openTcp(req),
      rejectUnauthorized: false,
      // SNI wants a name, not an address literal.
      servername: /^[\d.]+$|:/.test(d.spec.host) ? undefined : d.spec.host,
    });
    const attempt = tagSocket(socket, handler);
    applyNoDelay(socket, req.noDelay);
    this.deadlines.add(socket, req.timeoutMs);
    socket.once('secureConnect', onSecureConnect);
    return attempt;
  }

  listen(req: ListenRequest, accept: AcceptHandler): Promise<Listener> {
    this.credentials ??= loadCredentials(this.ctx.config);
    const server = createServer({ ...this.credentials }, (socket: TLSSocket) => {
      tagSocket(socket, accept());
      applyNoDelay(socket, req.noDelay);
      socket.on('data', onServerData);
      openSocket(socket);
    });
    server.on('connection', (raw: Socket) => applyAcceptedBuffers(raw, req));
    // A client that fails its handshake never reaches the engine; it is not the listener's error.
    server.on('tlsClientError', () => {});
    return listenWith(server, req);
  }

  close(): void {
    this.deadlines.close();
  }
}

function onSecureConnect(this: TLSSocket): void {
  this.on('data', onServerData);
  openSocket(this);
}

function applyNoDelay(socket: Socket, noDelay: boolean | undefined): void {
  socket.setKeepAlive(true);
  if (noDelay !== undefined) socket.setNoDelay(noDelay);
}
