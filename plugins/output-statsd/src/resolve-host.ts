import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** EX_NOHOST: tcpkali's status when a name does not resolve. */
export const EXIT_NOHOST = 68;

/** A `--statsd-host` that does not resolve: one line, and the run does not start. */
export class StatsdHostError extends Error {
  readonly exitCode = EXIT_NOHOST;
  constructor(message: string) {
    super(message);
    this.name = 'StatsdHostError';
  }
}

type Lookup = (host: string, options: { family: 0 | 4 }) => Promise<{ address: string }>;

/**
 * The address to send to, looked up once before the run as tcpkali does. Sending to the name
 * instead would make every report (four a second) a DNS query; a daemon whose name does not
 * resolve would only show up as a warning after the test had started, and its metrics would be
 * lost for the whole run. IPv4 comes first, as hot-shots' default udp4 socket and tcpkali's
 * AF_INET client had it; a name with only IPv6 addresses still works.
 */
export async function resolveStatsdHost(host: string, find: Lookup = lookup): Promise<string> {
  if (isIP(host) !== 0) return host;
  let lastError: unknown;
  for (const family of [4, 0] as const) {
    try {
      return (await find(host, { family })).address;
    } catch (err) {
      lastError = err;
    }
  }
  throw new StatsdHostError(
    `statsd output: cannot resolve --statsd-host ${host}: ${lookupErrorText(lastError)}`,
  );
}

function lookupErrorText(err: unknown): string {
  switch ((err as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOTFOUND':
      return 'Name or service not known';
    case 'EAI_AGAIN':
      return 'Temporary failure in name resolution';
    case 'ENODATA':
      return 'No address associated with hostname';
    default:
      return ((err as Error | undefined)?.message ?? 'no address').split('\n')[0];
  }
}
