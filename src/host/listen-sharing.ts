import { createServer } from 'node:net';
import { PluginFailure } from '../errors/index.js';
import type { HostContext } from '../interfaces/plugin.js';
import type { TransportPlugin } from '../interfaces/transport.js';

/**
 * Whether every worker of this run listens on the `-l` addresses (each accepting its share of
 * connections and opening its own) instead of one worker listening for all.
 *
 * A shared port can be joined by any other process of the same user that also asks to share it,
 * so two kali sinks started on one port would split its connections without a word. Before
 * sharing, each address is therefore bound once here the ordinary way: a port that is taken
 * keeps the single-listener path, whose bind then fails with the usual line.
 */
export async function shareListeners(
  transport: TransportPlugin,
  ctx: HostContext,
  listen: readonly { address: string; port: number }[],
): Promise<boolean> {
  if (listen.length === 0 || listen.some((l) => l.port === 0)) return false;
  let shares: boolean;
  try {
    shares = transport.sharesListeners?.(ctx) === true;
  } catch (err) {
    throw new PluginFailure(`${transport.name} transport`, 'sharesListeners', err);
  }
  if (!shares) return false;
  for (const l of listen) if (!(await bindsAlone(l.address, l.port))) return false;
  return true;
}

function bindsAlone(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    // As the listeners will: an IPv6 address takes IPv6 only, so `-l port` probes both families.
    probe.listen({ host: address, port, ipv6Only: address.includes(':') }, () => {
      probe.close(() => resolve(true));
    });
  });
}
