import type { Server } from 'node:net';
import type { Listener, ListenRequest } from 'kali';
import { sharedListenSocket } from './reuse-port.js';

/**
 * Binds any net.Server (plain, TLS or HTTP) as a ListenRequest asks and wraps it as a Listener.
 * `beforeClose` lets servers that keep idle connections (HTTP) drop them so close() finishes.
 */
export function listenWith(server: Server, req: ListenRequest, beforeClose?: () => void): Promise<Listener> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      resolve(new ServerListener(server, beforeClose));
    };
    if (req.shared) {
      // Bound already, by every worker on the same port; Node only calls listen(2) on it. The
      // backlog goes as its own argument: Node ignores `backlog` in an options object with `fd`
      // and listens with 511, which a fast looped ramp-up overflows (thousands of SYNs dropped).
      server.listen({ fd: sharedListenSocket(req.address, req.port) }, req.backlog, listening);
      return;
    }
    // '::' alone would take IPv4 too and collide with the 0.0.0.0 listener on the same port.
    server.listen(
      { host: req.address, port: req.port, backlog: req.backlog, ipv6Only: req.address.includes(':') },
      listening,
    );
  });
}

/** For TransportPlugin.sharesListeners: every worker can bind the listening port. */
export { canShareListeners } from './reuse-port.js';

class ServerListener implements Listener {
  constructor(
    private readonly server: Server,
    private readonly beforeClose?: () => void,
  ) {}

  get address(): string {
    const a = this.server.address();
    return typeof a === 'object' && a ? a.address : '';
  }

  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  close(): Promise<void> {
    this.beforeClose?.();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
