import { checkSocketBuffers } from '@kali/transport-tcp/socket-buffers';
import type { PluginFactory, TransportPlugin } from 'kali';
import { loadCredentials } from './tls-credentials.js';
import { TlsTransport } from './tls-transport.js';

/** `--ssl`: TLS on both sides; the listener uses --ssl-cert/--ssl-key. */
const tls: PluginFactory<TransportPlugin> = () => ({
  kind: 'transport',
  name: 'tls',
  description: 'TLS connections and listeners (--ssl, --ssl-cert, --ssl-key)',
  priority: 10,
  matches: (config) => config.ssl.enabled && !config.websocket,
  check(ctx) {
    checkSocketBuffers(ctx);
    // Fail before any thread starts when the listener's certificate or key cannot be used.
    if (ctx.config.listen) loadCredentials(ctx.config);
  },
  create: (ctx) => new TlsTransport(ctx),
});

export default tls;
