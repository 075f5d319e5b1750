import { spawnSync } from 'node:child_process';
import { run, start } from './child.mjs';

function onPath() {
  return spawnSync('sh', ['-c', 'command -v iperf3'], { stdio: 'ignore' }).status === 0;
}

function aptInstall() {
  return spawnSync('timeout', ['300', 'apt-get', 'install', '-y', 'iperf3'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  }).status;
}

/** iperf3 is the yardstick, so its absence is fixed rather than skipped; the install is announced. */
export function ensureIperf3() {
  if (onPath()) return;
  console.log('iperf3 is not on PATH: installing it with `apt-get install -y iperf3`');
  if (aptInstall() !== 0) {
    // A fresh container often has no package lists yet.
    console.log('install failed: running `apt-get update` and trying again');
    spawnSync('timeout', ['300', 'apt-get', 'update'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (aptInstall() !== 0 || !onPath()) throw new Error('could not install iperf3 with apt-get');
  }
}

/** One TCP stream for `seconds`; the receiver's byte count and its own measured duration. */
export async function iperf3Stream({ port, seconds }) {
  const limit = seconds + 20;
  // -1: the server exits after one test, so it cannot outlive us even without the kill below.
  const server = start('iperf3', ['-s', '-1', '-B', '127.0.0.1', '-p', String(port), '--forceflush'], {
    limitSeconds: limit,
  });
  try {
    await server.waitFor(/Server listening/, 10_000);
    const client = await run('iperf3', ['-c', '127.0.0.1', '-p', String(port), '-t', String(seconds), '-J'], {
      limitSeconds: limit,
    });
    if (client.code !== 0) throw new Error(`iperf3 client failed (exit ${client.code}): ${client.stdout}`);
    const { bytes, seconds: measured } = JSON.parse(client.stdout).end.sum_received;
    return { bytes, seconds: measured };
  } finally {
    server.stop();
  }
}
