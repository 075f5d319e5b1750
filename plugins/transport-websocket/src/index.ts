import type { PluginFactory, TransportPlugin } from 'kali';
import { WebSocketTransport } from './websocket-transport.js';

/**
 * `--ws`: connections start with an RFC 6455 upgrade (done and checked by the `ws` library), then
 * carry the frames kali's content already holds; incoming frames are counted, not parsed.
 */
const websocket: PluginFactory<TransportPlugin> = () => ({
  kind: 'transport',
  name: 'websocket',
  description: 'RFC 6455 WebSocket upgrade, then raw frames (--ws)',
  priority: 20,
  matches: (config) => config.websocket && !config.ssl.enabled,
  create: (ctx) => new WebSocketTransport(ctx),
});

export default websocket;
