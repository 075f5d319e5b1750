import type { Server } from 'node:net';
import type { Listener, ListenRequest } from 'kali';

/**
 * Binds any net.Server (plain, TLS or HTTP) as a ListenRequest asks and wraps it as a Listener.
 * `beforeClose` lets servers that keep idle connections (HTTP) drop them so close() finishes.
 */
export function listenWith(server: Server, req: ListenRequest, beforeClose?: () => void): Promise<Listener> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // '::' alone would take IPv4 too and collide with the 0.0.0.0 listener on the same port.
    server.listen(
      { host: req.address, port: req.port, backlog: req.backlog, ipv6Only: req.address.includes(':') },
      () => {
        server.off('error', reject);
        resolve(new ServerListener(server, beforeClose));
      },
    );
  });
}

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
