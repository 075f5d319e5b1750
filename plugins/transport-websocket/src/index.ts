import { canShareListeners } from '@kali/transport-tcp/server-listener';
import { checkSocketBuffers } from '@kali/transport-tcp/socket-buffers';
import { configuredPaths, loadCredentials } from '@kali/transport-tls/tls-credentials';
import type { PluginFactory, TransportPlugin } from 'kali';

/**
 * `--ws`: connections start with an RFC 6455 upgrade (done and checked by the `ws` library), then
 * carry the frames kali's content already holds; incoming frames are counted, not parsed.
 */
const websocket: PluginFactory<TransportPlugin> = (kali) => ({
  kind: 'transport',
  name: 'websocket',
  description: 'RFC 6455 WebSocket upgrade, then raw frames (--ws; with --ssl, over TLS)',
  priority: 20,
  matches: (config) => config.websocket,
  check(ctx) {
    checkSocketBuffers(ctx, kali);
    // Over --ssl the listener needs the tls plugin's --ssl-cert/--ssl-key, checked as it would.
    if (ctx.config.ssl && ctx.config.listen) loadCredentials(configuredPaths(ctx.config), kali);
  },
  sharesListeners: canShareListeners,
  // The main thread imports every transport to choose one; ws (~30 ms) is loaded only by the
  // workers of a --ws run.
  create: async (ctx) => new (await import('./websocket-transport.js')).WebSocketTransport(ctx, kali),
});

export default websocket;
