import { canShareListeners } from '@kali/transport-tcp/server-listener';
import { checkSocketBuffers } from '@kali/transport-tcp/socket-buffers';
import type { PluginFactory, TransportPlugin } from 'kali';
import { CREDENTIAL_OPTIONS, credentialPaths, loadCredentials, TLS_PLUGIN } from './tls-credentials.js';

/** `--ssl`: TLS on both sides; the listener uses --ssl-cert/--ssl-key, which this plugin declares. */
const tls: PluginFactory<TransportPlugin> = (kali) => ({
  kind: 'transport',
  name: TLS_PLUGIN,
  description: 'TLS connections and listeners (--ssl)',
  options: CREDENTIAL_OPTIONS,
  priority: 10,
  matches: (config) => config.ssl && !config.websocket,
  check(ctx) {
    checkSocketBuffers(ctx, kali);
    // Fail before any thread starts when the listener's certificate or key cannot be used.
    if (ctx.config.listen) loadCredentials(credentialPaths(ctx.options), kali);
  },
  sharesListeners: canShareListeners,
  // Loaded by the workers of a --ssl run only (see the tcp plugin).
  create: async (ctx) => new (await import('./tls-transport.js')).TlsTransport(ctx, kali),
});

export default tls;
