import type { Socket } from 'node:net';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { ConnectDeadlines } from '@kali/transport-tcp/connect-deadlines';
import { applyAcceptedBuffers, openTcp } from '@kali/transport-tcp/open-tcp';
import { listenWith } from '@kali/transport-tcp/server-listener';
import { onServerData, openSocket, streamOf, tagSocket } from '@kali/transport-tcp/socket-events';
import { expireConnect } from '@kali/transport-tcp/timed-out';
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
import {
  type Credentials,
  type CredentialsApi,
  credentialPaths,
  loadCredentials,
} from './tls-credentials.js';
import { tlsFailure } from './tls-failure.js';

/**
 * TLS over TCP with Node's tls module. Certificates are not verified: a load generator points at
 * test servers with self-signed certificates, as tcpkali does. The engine sees the socket only
 * once the handshake is done, so a failed handshake is a failed connection attempt.
 */
export class TlsTransport implements Transport {
  /** Covers the TCP connect and the TLS handshake: a socket counts as open at 'secureConnect'. */
  private readonly deadlines = new ConnectDeadlines<Socket>(expireConnect);
  private credentials?: Credentials;

  constructor(
    private readonly ctx: TransportContext,
    private readonly kali: CredentialsApi,
  ) {}

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
    socket.on('error', onTlsError);
    applyNoDelay(socket, req.noDelay);
    this.deadlines.add(socket, req.timeoutMs);
    socket.once('secureConnect', onSecureConnect);
    return attempt;
  }

  listen(req: ListenRequest, accept: AcceptHandler): Promise<Listener> {
    this.credentials ??= loadCredentials(credentialPaths(this.ctx.options), this.kali);
    const server = createServer({ ...this.credentials }, (socket: TLSSocket) => {
      tagSocket(socket, accept());
      socket.on('error', onTlsError);
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

/**
 * Runs after tagSocket's own 'error' listener has kept the error, and replaces it with a one-line
 * reason: OpenSSL's own text carries codes and source paths and ends in a newline (tls-failure.ts).
 */
function onTlsError(this: TLSSocket, err: Error): void {
  const stream = streamOf(this);
  stream.error = tlsFailure(err, !stream.opened);
}

function applyNoDelay(socket: Socket, noDelay: boolean | undefined): void {
  socket.setKeepAlive(true);
  if (noDelay !== undefined) socket.setNoDelay(noDelay);
}
