import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { applyAcceptedBuffers, openTcp } from '@kali/transport-tcp/open-tcp';
import { listenWith } from '@kali/transport-tcp/server-listener';
import { onServerData, openSocket, streamOf, tagSocket } from '@kali/transport-tcp/socket-events';
import { loadCredentials } from '@kali/transport-tls/tls-credentials';
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
import { UpgradeHeaders } from './upgrade-headers.js';

const kHandler = Symbol('kali.ws.handler');
const kNoDelay = Symbol('kali.ws.noDelay');

interface TaggedWebSocket extends WebSocket {
  [kHandler]: StreamHandler;
  [kNoDelay]: boolean | undefined;
  _socket: Socket;
}

export class WebSocketTransport implements Transport {
  private readonly headers: UpgradeHeaders;
  private readonly path: string;
  private readonly hostHeader: string;
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  private readonly secure: boolean;

  constructor(private readonly ctx: TransportContext) {
    this.secure = ctx.config.ssl.enabled;
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
      handshakeTimeout: req.timeoutMs,
      headers: { Host: this.hostHeader, ...this.headers.forConnection(req.identity) },
      rejectUnauthorized: false,
      // Our own TCP socket underneath, so socket buffer sizes go on before the SYN.
      createConnection: () => {
        const raw = openTcp(req);
        return secure ? tlsConnect({ socket: raw, rejectUnauthorized: false }) : raw;
      },
    }) as TaggedWebSocket;
    ws[kHandler] = handler;
    ws[kNoDelay] = req.noDelay;
    ws.once('open', onClientOpen);
    ws.once('error', onClientError);
    ws.once('unexpected-response', onUnexpectedResponse);
    return { cancel: () => ws.terminate() };
  }

  listen(req: ListenRequest, accept: AcceptHandler): Promise<Listener> {
    const refuse = (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(426, { Connection: 'close', Upgrade: 'websocket' }).end('WebSocket upgrade required\n');
    };
    const server = this.secure
      ? createHttpsServer({ ...loadCredentials(this.ctx.config) }, refuse)
      : createServer(refuse);
    server.on('tlsClientError', swallow);
    server.on('connection', (raw: Socket) => applyAcceptedBuffers(raw, req));
    server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
      socket.on('error', swallow);
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        takeOver(ws as TaggedWebSocket, accept(), req.noDelay);
      });
    });
    // An HTTP server keeps idle keep-alive connections, which would hold close() open.
    return listenWith(server, req, () => server.closeAllConnections());
  }

  close(): void {
    this.wss.close();
  }
}

/**
 * After the upgrade the socket leaves `ws`: its listeners go, the engine's shared ones come, and
 * the handshake bytes are reported once so the counters match what crossed the wire.
 */
function takeOver(ws: TaggedWebSocket, handler: StreamHandler, noDelay: boolean | undefined): void {
  const socket = ws._socket;
  for (const event of ['data', 'end', 'close', 'error', 'drain', 'timeout'] as const)
    socket.removeAllListeners(event);
  tagSocket(socket, handler);
  if (noDelay !== undefined) socket.setNoDelay(noDelay);
  else socket.setNoDelay(false);
  // ws put any bytes that followed the handshake back into the socket; 'data' delivers them.
  const pending = socket.readableLength;
  streamOf(socket).handshakeBytes = { sent: socket.bytesWritten, received: socket.bytesRead - pending };
  socket.on('data', onServerData);
  openSocket(socket);
}

function onClientOpen(this: WebSocket): void {
  this.removeListener('error', onClientError);
  const ws = this as TaggedWebSocket;
  takeOver(ws, ws[kHandler], ws[kNoDelay]);
}

function onClientError(this: WebSocket, err: NodeJS.ErrnoException): void {
  // ws reports its handshake timeout without a code; the engine counts ETIMEDOUT as a timeout.
  if (err.code === undefined && /timed out/i.test(err.message)) err.code = 'ETIMEDOUT';
  (this as TaggedWebSocket)[kHandler].onClose(err);
}

function onUnexpectedResponse(this: WebSocket, _req: unknown, res: IncomingMessage): void {
  const err: NodeJS.ErrnoException = new Error(`WebSocket upgrade refused: HTTP ${res.statusCode}`);
  err.code = 'EWSUPGRADE';
  res.resume();
  this.removeListener('error', onClientError);
  this.terminate();
  (this as TaggedWebSocket)[kHandler].onClose(err);
}

function swallow(): void {}
