import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import { type ConnectionOptions as TlsConnectionOptions, connect as tlsConnect } from 'node:tls';
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

interface TaggedWebSocket extends WebSocket {
  [kHandler]: StreamHandler;
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
      createConnection: () =>
        secure
          ? tlsConnect({
              host: d.address,
              port: d.port,
              localAddress: req.localAddress,
              rejectUnauthorized: false,
            } as TlsConnectionOptions)
          : connect({ host: d.address, port: d.port, family: d.family, localAddress: req.localAddress }),
    }) as TaggedWebSocket;
    ws[kHandler] = handler;
    ws.once('open', onClientOpen);
    ws.once('error', onClientError);
    ws.once('unexpected-response', onUnexpectedResponse);
    if (req.noDelay === undefined) ws.once('upgrade', restoreNagle);
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
  takeOver(this as TaggedWebSocket, (this as TaggedWebSocket)[kHandler], undefined);
}

function onClientError(this: WebSocket, err: Error): void {
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

function restoreNagle(this: WebSocket): void {
  // ws turns Nagle off; tcpkali leaves the socket alone unless --nagle says otherwise.
  (this as TaggedWebSocket)._socket?.setNoDelay(false);
}

function swallow(): void {}
