import type { PluginFactory, TransportPlugin } from 'kali';
import { canShareListeners } from './server-listener.js';
import { checkSocketBuffers } from './socket-buffers.js';
import { TcpTransport } from './tcp-transport.js';

/** Plain TCP: the transport every other configuration falls back to. */
const tcp: PluginFactory<TransportPlugin> = (kali) => ({
  kind: 'transport',
  name: 'tcp',
  description: 'Plain TCP connections and listeners',
  priority: 0,
  matches: () => true,
  check: (ctx) => checkSocketBuffers(ctx, kali),
  sharesListeners: canShareListeners,
  create: () => new TcpTransport(),
});

export default tcp;
