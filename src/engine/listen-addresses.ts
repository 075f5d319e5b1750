import type { ListenSpec } from '../interfaces/config.js';
import { resolveHost } from './resolve-destinations.js';

/** `-l port` listens on every IPv4 and IPv6 address, as tcpkali does; `-l host:port` on host's. */
export async function listenAddresses(
  spec: ListenSpec | undefined,
): Promise<{ address: string; port: number }[]> {
  if (!spec) return [];
  if (spec.host === undefined) {
    return [
      { address: '0.0.0.0', port: spec.port },
      { address: '::', port: spec.port },
    ];
  }
  const found = await resolveHost(spec.host, `${spec.host}:${spec.port}`);
  return found.map((a) => ({ address: a.address, port: spec.port }));
}
