import type { PluginFactory, TransportPlugin } from 'kali';
import { canShareListeners } from './reuse-port.js';
import { checkSocketBuffers } from './socket-buffers.js';

/** Plain TCP: the transport every other configuration falls back to. */
const tcp: PluginFactory<TransportPlugin> = (kali) => ({
  kind: 'transport',
  name: 'tcp',
  description: 'Plain TCP connections and listeners',
  priority: 0,
  matches: () => true,
  check: (ctx) => checkSocketBuffers(ctx, kali),
  sharesListeners: canShareListeners,
  // The main thread imports every transport to choose one and never opens a socket itself: the
  // connection code is loaded only by the workers that do.
  create: async () => new (await import('./tcp-transport.js')).TcpTransport(),
});

export default tcp;
