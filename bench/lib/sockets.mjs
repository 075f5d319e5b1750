import { spawnSync } from 'node:child_process';

const portOf = (endpoint) => Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));

/**
 * The kernel's view of the ESTABLISHED TCP sockets to and from `port` on loopback, from `ss`
 * (netlink, filtered in the kernel, so cheap even with tens of thousands of sockets). Counting
 * sockets rather than trusting the load generator's own counters catches a connection that the
 * generator believes open but the kernel has closed; keeping the client ends' addresses lets the
 * caller tell a connection that stayed up from one that was closed and opened again.
 */
export function establishedOn(port) {
  const result = spawnSync(
    'ss',
    ['-Htn', 'state', 'established', `( sport = :${port} or dport = :${port} )`],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 10_000 },
  );
  if (result.status !== 0) {
    throw new Error(
      `ss failed (exit ${result.status ?? result.signal}): ${result.stderr || result.error?.message}`,
    );
  }
  const clients = new Set();
  let servers = 0;
  let queuedBytes = 0;
  for (const line of result.stdout.split('\n')) {
    // With a state filter, ss leaves the state column out: Recv-Q Send-Q Local Peer.
    const [recvQ, sendQ, local, peer] = line.trim().split(/\s+/);
    if (peer === undefined) continue;
    queuedBytes += Number(recvQ) + Number(sendQ);
    if (portOf(peer) === port) clients.add(local);
    else if (portOf(local) === port) servers++;
  }
  return { clients, servers, queuedBytes };
}

/** Whether `ss` can be run at all, so a missing iproute2 is reported before a long run, not after. */
export function haveSs() {
  return spawnSync('ss', ['-V'], { stdio: 'ignore' }).status === 0;
}
