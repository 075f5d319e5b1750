import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describeError } from '../errors/describe-error.js';
import { UsageFailure } from '../errors/index.js';
import type { Destination } from '../interfaces/config.js';

export interface SourcePlan {
  /** Per destination (same index): local addresses to bind to, round-robin. Empty: let the OS pick. */
  perDestination: string[][];
  /** tcpkali's start-up lines (`Interface lo address …`, `Using interface lo to connect to …`). */
  lines: string[];
}

/**
 * Finds, for each destination, the interface the kernel would use to reach it and all of that
 * interface's addresses of the same family (aliases included). Binding outgoing sockets to them
 * in turn gives each source address its own 64k ports, so one host can open more than 64k
 * connections to one destination.
 */
export async function planSourceAddresses(
  destinations: readonly Destination[],
  explicit: readonly string[],
): Promise<SourcePlan> {
  if (explicit.length > 0) {
    const perDestination = destinations.map((d) => explicit.filter((a) => familyOf(a) === d.family));
    const unserved = destinations.findIndex((_, i) => perDestination[i].length === 0);
    if (unserved >= 0) throw new UsageFailure(noSourceFor(destinations[unserved], explicit));
    return { perDestination, lines: explicit.map((a) => `Source IP: ${bracket(a)}:0`) };
  }
  const ifaces = networkInterfaces();
  const lines: string[] = [];
  const announced = new Set<string>();
  const usingLines: string[] = [];
  const perDestination: string[][] = [];
  for (const d of destinations) {
    const local = await localAddressFor(d);
    const name = local === undefined ? undefined : interfaceOwning(ifaces, local);
    if (name === undefined) {
      perDestination.push([]);
      continue;
    }
    const addresses = addressesOf(ifaces, name, d.family);
    if (!announced.has(`${name}/${d.family}`)) {
      announced.add(`${name}/${d.family}`);
      for (const a of addresses) lines.push(`Interface ${name} address ${bracket(a)}:0`);
    }
    usingLines.push(`Using interface ${name} to connect to ${bracket(d.address)}:${d.port}`);
    // bind() with port 0 makes the kernel search its bind table, which costs seconds of system
    // time at thousands of connections; it only pays off when there are several addresses to
    // spread over. With one, the kernel picks that same address on its own.
    perDestination.push(addresses.length > 1 ? addresses : []);
  }
  return { perDestination, lines: [...lines, ...usingLines] };
}

/**
 * A socket cannot be bound to an address of the other family. Connecting from whatever address the
 * kernel picks instead would quietly ignore the option, so the run is refused.
 */
function noSourceFor(d: Destination, explicit: readonly string[]): string {
  const target = d.family === 6 ? `${bracket(d.address)}:${d.port}` : `${d.address}:${d.port}`;
  const named = d.spec.host === d.address ? '' : ` (${d.spec.text})`;
  return `--source-ip ${explicit.join(', ')}: no IPv${d.family} address to bind for destination ${target}${named}`;
}

export function bracket(address: string): string {
  return `[${address}]`;
}

function familyOf(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}

/** A connected UDP socket reveals the source address routing picks, without sending anything. */
async function localAddressFor(d: Destination): Promise<string | undefined> {
  const sock = createSocket(d.family === 6 ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.connect(d.port, d.address, () => resolve());
    });
    return sock.address().address;
  } catch {
    return undefined;
  } finally {
    sock.close();
  }
}

function interfaceOwning(ifaces: ReturnType<typeof networkInterfaces>, address: string): string | undefined {
  for (const [name, list] of Object.entries(ifaces)) {
    if (list?.some((i) => i.address === address)) return name.split(':')[0];
  }
  return undefined;
}

function addressesOf(ifaces: ReturnType<typeof networkInterfaces>, name: string, family: 4 | 6): string[] {
  const out: string[] = [];
  for (const [ifName, list] of Object.entries(ifaces)) {
    if (ifName !== name && !ifName.startsWith(`${name}:`)) continue;
    for (const i of list ?? []) {
      // Link-local IPv6 addresses need a scope id to bind and are useless as sources here.
      if (i.family === (family === 6 ? 'IPv6' : 'IPv4') && !i.address.startsWith('fe80:'))
        out.push(i.address);
    }
  }
  return out;
}

/** Each `--source-ip` must be an address of this host: test-bind it once, as tcpkali does. */
export async function checkSourceIps(addresses: readonly string[]): Promise<void> {
  for (const address of addresses) {
    const server = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: address, port: 0 }, () => resolve());
      });
    } catch (err) {
      throw new UsageFailure(
        `${bracket(address)}:0 is not local: ${describeError(err)}\n--source-ip=${address}: local IP address expected`,
      );
    } finally {
      server.close();
    }
  }
}
