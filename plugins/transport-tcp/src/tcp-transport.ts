import { connect, createServer, type Socket } from 'node:net';
import type {
  AcceptHandler,
  ConnectAttempt,
  ConnectRequest,
  Listener,
  ListenRequest,
  SocketOptions,
  StreamHandler,
  Transport,
} from 'kali';
import { ConnectDeadlines } from './connect-deadlines.js';
import { listenWith } from './server-listener.js';
import { applySocketBuffers } from './socket-buffers.js';
import { onClientRead, onConnect, onServerData, openSocket, tagSocket } from './socket-events.js';
import { expireConnect } from './timed-out.js';

/**
 * One buffer per worker receives every client socket's reads: `onread` hands the bytes to the
 * engine synchronously and the engine never keeps them, so sockets can share it.
 */
const READ_BUFFER_BYTES = 1024 * 1024;

export class TcpTransport implements Transport {
  private readonly readBuffer = Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
  private readonly deadlines = new ConnectDeadlines<Socket>(expireConnect);

  connect(req: ConnectRequest, handler: StreamHandler): ConnectAttempt {
    const socket = connect({
      host: req.destination.address,
      port: req.destination.port,
      family: req.destination.family,
      localAddress: req.localAddress,
      onread: { buffer: this.readBuffer, callback: onClientRead },
    });
    const attempt = tagSocket(socket, handler);
    applyOptions(socket, req);
    this.deadlines.add(socket, req.timeoutMs);
    socket.once('connect', onConnect);
    return attempt;
  }

  close(): void {
    this.deadlines.close();
  }

  listen(req: ListenRequest, accept: AcceptHandler): Promise<Listener> {
    const server = createServer({ pauseOnConnect: false });
    server.on('connection', (socket: Socket) => {
      tagSocket(socket, accept());
      applyOptions(socket, req);
      socket.on('data', onServerData);
      openSocket(socket);
    });
    return listenWith(server, req);
  }
}

function applyOptions(socket: Socket, opts: SocketOptions): void {
  socket.setKeepAlive(true);
  if (opts.noDelay !== undefined) socket.setNoDelay(opts.noDelay);
  if (opts.rcvbuf !== undefined || opts.sndbuf !== undefined) {
    // connect() passes its ConnectRequest: knowing the family lets the buffers go on before the SYN.
    const family = 'destination' in opts ? (opts as ConnectRequest).destination.family : undefined;
    applySocketBuffers(socket, opts, family);
  }
}
