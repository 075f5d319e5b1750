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
import { rehomeAccepted } from './accepted-socket.js';
import { ConnectDeadlines } from './connect-deadlines.js';
import { listenWith } from './server-listener.js';
import { applySocketBuffers } from './socket-buffers.js';
import { onClientRead, onConnect, onServerData, openSocket, tagSocket } from './socket-events.js';
import { expireConnect } from './timed-out.js';

/**
 * One buffer per worker receives every socket's reads, client and accepted: `onread` hands the
 * bytes to the engine synchronously and the engine never keeps them, so sockets can share it.
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
    // Paused, so that no byte is read before the handle moves to a socket with the shared buffer.
    const server = createServer({ pauseOnConnect: true });
    server.on('connection', (accepted: Socket) => {
      const rehomed = rehomeAccepted(accepted, this.readBuffer, onClientRead);
      const socket = rehomed ?? accepted;
      tagSocket(socket, accept());
      applyOptions(socket, req);
      if (rehomed === undefined) {
        socket.on('data', onServerData);
        socket.resume();
      }
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
