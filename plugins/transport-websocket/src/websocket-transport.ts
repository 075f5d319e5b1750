import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ConnectDeadlines } from '@kali/transport-tcp/connect-deadlines';
import { applyAcceptedBuffers, openTcp } from '@kali/transport-tcp/open-tcp';
import { listenWith } from '@kali/transport-tcp/server-listener';
import { type CredentialsApi, configuredPaths, loadCredentials } from '@kali/transport-tls/tls-credentials';
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
import { WebSocket, WebSocketServer } from 'ws';
import { takeOver } from './take-over.js';
import { expireUpgrade, UpgradeAttempt } from './upgrade-attempt.js';
import { UpgradeHeaders } from './upgrade-headers.js';

export class WebSocketTransport implements Transport {
  private readonly headers: UpgradeHeaders;
  private readonly path: string;
  private readonly hostHeader: string;
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  /**
   * --connect-timeout covers the TCP connect, the TLS handshake and the upgrade together. ws's
   * own handshakeTimeout is only the socket's idle timeout, which net.connect() sets from the
   * request options and our createConnection does not; idle is not a deadline anyway.
   */
  private readonly deadlines = new ConnectDeadlines<UpgradeAttempt>(expireUpgrade);

  private readonly secure: boolean;

  constructor(
    private readonly ctx: TransportContext,
    private readonly kali: CredentialsApi,
  ) {
    this.secure = ctx.config.ssl;
    const first = ctx.config.destinations[0];
    // tcpkali sends the first destination's path and Host for every connection.
    this.path = first ? first.path : '';
    this.hostHeader = first ? first.text.split('/')[0] : '';
    this.headers = new UpgradeHeaders(ctx.config.content, ctx.compile);
  }

  connect(req: ConnectRequest, handler: StreamHandler): ConnectAttempt {
    const d = req.destination;
    const host = d.family === 6 ? `[${d.address}]` : d.address;
    const secure = this.secure;
    const ws = new WebSocket(`${secure ? 'wss' : 'ws'}://${host}:${d.port}/${this.path}`, {
      perMessageDeflate: false,
      headers: { Host: this.hostHeader, ...this.headers.forConnection(req.identity) },
      rejectUnauthorized: false,
      // Our own TCP socket underneath, so socket buffer sizes go on before the SYN.
      createConnection: () => {
        const raw = openTcp(req);
        return secure ? tlsConnect({ socket: raw, rejectUnauthorized: false }) : raw;
      },
    });
    const attempt = new UpgradeAttempt(ws, handler, req.noDelay, secure);
    this.deadlines.add(attempt, req.timeoutMs);
    return attempt;
  }

  listen(req: ListenRequest, accept: AcceptHandler): Promise<Listener> {
    const refuse = (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(426, { Connection: 'close', Upgrade: 'websocket' }).end('WebSocket upgrade required\n');
    };
    const server = this.secure
      ? createHttpsServer({ ...loadCredentials(configuredPaths(this.ctx.config), this.kali) }, refuse)
      : createServer(refuse);
    server.on('tlsClientError', swallow);
    server.on('connection', (raw: Socket) => applyAcceptedBuffers(raw, req));
    server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
      socket.on('error', swallow);
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        takeOver((ws as unknown as { _socket: Socket })._socket, accept(), req.noDelay);
      });
    });
    // An HTTP server keeps idle keep-alive connections, which would hold close() open.
    return listenWith(server, req, () => server.closeAllConnections());
  }

  close(): void {
    this.deadlines.close();
    this.wss.close();
  }
}

function swallow(): void {}
