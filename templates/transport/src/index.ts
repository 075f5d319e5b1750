import { connect, createServer, type Server, type Socket } from 'node:net';
import type {
  AcceptHandler,
  ConnectAttempt,
  ConnectRequest,
  Listener,
  ListenRequest,
  PluginFactory,
  SocketOptions,
  Stream,
  StreamHandler,
  Transport,
  TransportPlugin,
} from 'kali';

/**
 * A plain TCP transport to start from. `matches` says no to every configuration, so kali keeps
 * its built-in TCP transport unless the user asks for this one with `--transport __PLUGIN_NAME__`.
 */
const factory: PluginFactory<TransportPlugin> = (kali) => ({
  kind: 'transport',
  name: '__PLUGIN_NAME__',
  description: 'Plain TCP, as a starting point (--transport __PLUGIN_NAME__)',
  priority: 0,
  matches: () => false,
  // Main thread, before any worker starts: refuse what this transport would otherwise ignore.
  check(ctx) {
    if (ctx.config.rcvbuf !== undefined || ctx.config.sndbuf !== undefined) {
      throw kali.error(
        '--rcvbuf/--sndbuf: the __PLUGIN_NAME__ transport cannot set socket buffer sizes',
        kali.exit.USAGE,
      );
    }
  },
  create: () => new PlainTransport(),
});

/** One instance per worker thread. */
class PlainTransport implements Transport {
  private readonly servers = new Set<Server>();

  connect(req: ConnectRequest, handler: StreamHandler): ConnectAttempt {
    const socket = connect({
      host: req.destination.address,
      port: req.destination.port,
      family: req.destination.family,
      localAddress: req.localAddress,
    });
    const stream = new SocketStream(socket, handler);
    socket.setTimeout(req.timeoutMs);
    socket.once('timeout', () => stream.timedOut());
    socket.once('connect', () => {
      socket.setTimeout(0);
      applyOptions(socket, req);
      stream.open();
    });
    // Lets the engine abandon the attempt if the run ends before the connection opens.
    return stream;
  }

  listen(req: ListenRequest, accept: AcceptHandler): Promise<Listener> {
    const server = createServer((socket) => {
      applyOptions(socket, req);
      new SocketStream(socket, accept()).open();
    });
    this.servers.add(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      // `::` alone would also take IPv4 and collide with kali's separate 0.0.0.0 listener.
      server.listen(
        { host: req.address, port: req.port, backlog: req.backlog, ipv6Only: req.address.includes(':') },
        () => {
          server.off('error', reject);
          resolve(new ServerListener(server));
        },
      );
    });
  }

  async close(): Promise<void> {
    for (const server of this.servers) server.close();
    this.servers.clear();
  }
}

/**
 * The engine's view of one socket. Listeners are attached once per connection, never per read
 * or write, and `data` goes to the handler as Node delivers it.
 */
class SocketStream implements Stream, ConnectAttempt {
  private error: Error | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly handler: StreamHandler,
  ) {
    socket.on('data', (data) => handler.onData(data));
    socket.on('drain', () => handler.onDrain());
    socket.on('end', () => handler.onEnd());
    socket.on('error', (err) => {
      this.error = err;
    });
    socket.once('close', () => handler.onClose(this.error));
  }

  open(): void {
    this.handler.onOpen(this);
  }

  /** The engine counts a timeout by its `ETIMEDOUT` code. */
  timedOut(): void {
    const err: NodeJS.ErrnoException = new Error('Connection timed out');
    err.code = 'ETIMEDOUT';
    this.socket.destroy(err);
  }

  write(data: Uint8Array): boolean {
    return this.socket.write(data);
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  cancel(): void {
    this.socket.destroy();
  }

  get localAddress(): string {
    return this.socket.localAddress ?? '';
  }

  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  get remoteAddress(): string {
    return this.socket.remoteAddress ?? '';
  }

  get remotePort(): number {
    return this.socket.remotePort ?? 0;
  }

  /** Node does not expose the descriptor publicly. */
  get fd(): number {
    return -1;
  }

  get bufferedAmount(): number {
    return this.socket.writableLength;
  }
}

class ServerListener implements Listener {
  constructor(private readonly server: Server) {}

  get address(): string {
    const a = this.server.address();
    return typeof a === 'object' && a !== null ? a.address : '';
  }

  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a !== null ? a.port : 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Node 20 has no public API for SO_RCVBUF/SO_SNDBUF on TCP sockets, hence the check above. */
function applyOptions(socket: Socket, options: SocketOptions): void {
  if (options.noDelay !== undefined) socket.setNoDelay(options.noDelay);
}

export default factory;
