import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { it } from 'node:test';
import { closeServer, freePort, holdPort } from '../helpers/free-port.js';
import { explain, lines, parseReport, runKali } from '../helpers/run-kali.js';

/** Why IPv6 loopback cannot be tested here, or undefined when it can. */
async function noLoopback6(): Promise<string | undefined> {
  try {
    await closeServer(await holdPort('::1'));
    return undefined;
  } catch (err) {
    return `this machine cannot bind [::1] (${(err as Error).message})`;
  }
}

/** Why `ip6-localhost` cannot be used here, or undefined when it names ::1. */
async function noIp6Localhost(): Promise<string | undefined> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('lookup took over 2 s')), 2_000).unref(),
  );
  try {
    const found = await Promise.race([lookup('ip6-localhost', { all: true }), timeout]);
    if (found.some((a) => a.address === '::1')) return undefined;
    return `ip6-localhost resolves to ${found.map((a) => a.address).join(', ')}, not ::1`;
  } catch (err) {
    return `ip6-localhost does not resolve on this machine (${(err as Error).message}); /etc/hosts has no entry for it`;
  }
}

const no6 = await noLoopback6();
const noName = no6 ?? (await noIp6Localhost());

it('runs over IPv6 loopback given as an address literal', { timeout: 15_000, skip: no6 }, async () => {
  const port = await freePort('::1');
  const run = await runKali(['-T1s', `-l[::1]:${port}`, '-m', 'six', `[::1]:${port}`], { timeoutMs: 10_000 });
  assert.equal(run.code, 0, explain(run));
  const stderr = lines(run.stderr);
  assert.ok(stderr.includes(`Destination: [::1]:${port}`), explain(run));
  assert.ok(stderr.includes(`Listen on: [::1]:${port}`), explain(run));
  assert.ok(stderr.includes('Ramped up to 1 connections.'), explain(run));
  assert.ok(parseReport(run.stdout).bytesRcvd > 0, explain(run));
});

it('runs over IPv6 loopback given by name (ip6-localhost)', { timeout: 15_000, skip: noName }, async () => {
  const port = await freePort('::1');
  const run = await runKali(['-T1s', `-l[::1]:${port}`, '-m', 'six', `ip6-localhost:${port}`], {
    timeoutMs: 10_000,
  });
  assert.equal(run.code, 0, explain(run));
  assert.ok(lines(run.stderr).includes(`Destination: [::1]:${port}`), explain(run));
  assert.ok(parseReport(run.stdout).bytesRcvd > 0, explain(run));
});
