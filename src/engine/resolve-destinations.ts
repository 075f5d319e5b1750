import { ADDRCONFIG } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { KaliError } from '../errors/index.js';
import type { Destination, DestinationSpec } from '../interfaces/config.js';

/** EX_NOHOST: tcpkali's status when a destination name does not resolve. */
const EXIT_NOHOST = 68;

/**
 * Resolves every destination; each address a name resolves to becomes its own destination, as
 * with tcpkali. Like tcpkali we ask with AI_ADDRCONFIG first (so `localhost` means 127.0.0.1 on
 * an IPv4-only host), but unlike tcpkali we retry without it, so `ip6-localhost` still works.
 */
export async function resolveDestinations(specs: readonly DestinationSpec[]): Promise<Destination[]> {
  const out: Destination[] = [];
  for (const spec of specs) {
    for (const a of await resolveHost(spec.host, withoutPath(spec.text))) {
      out.push({ spec, address: a.address, family: a.family, port: spec.port });
    }
  }
  return out;
}

/**
 * The destination as written, up to its path, for messages: `h:80` of `h:80/x`, `redis://h:6379`
 * of `redis://h:6379/0`. A URL's path starts after its `scheme://`, whose slashes are no path.
 */
function withoutPath(text: string): string {
  const from = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(text)?.[0].length ?? 0;
  const slash = text.indexOf('/', from);
  return slash >= 0 ? text.slice(0, slash) : text;
}

export async function resolveHost(
  host: string,
  shown: string,
): Promise<{ address: string; family: 4 | 6 }[]> {
  const literal = isIP(host);
  if (literal !== 0) return [{ address: host, family: literal as 4 | 6 }];
  let lastError: unknown;
  for (const hints of [ADDRCONFIG, 0]) {
    try {
      const found = await lookup(host, { all: true, hints });
      const unique = new Map<string, { address: string; family: 4 | 6 }>();
      for (const f of found) unique.set(f.address, { address: f.address, family: f.family as 4 | 6 });
      if (unique.size > 0) return [...unique.values()];
    } catch (err) {
      lastError = err;
    }
  }
  throw new KaliError(`kali: Resolving ${shown}: ${lookupErrorText(lastError)}`, EXIT_NOHOST);
}

function lookupErrorText(err: unknown): string {
  switch ((err as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOTFOUND':
      return 'Name or service not known';
    case 'EAI_AGAIN':
      return 'Temporary failure in name resolution';
    default:
      return (err as Error | undefined)?.message ?? 'no addresses';
  }
}
