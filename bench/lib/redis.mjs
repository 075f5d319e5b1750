// A redis-server for benchmarks, and redis-benchmark as the same-run reference. Both come from the
// redis-server and redis-tools packages (.ci/install-peers.sh installs them); the bench stops with
// the install command rather than measure without its reference.
import { spawnSync } from 'node:child_process';
import { run, start } from './child.mjs';
import { subjectPid } from './cpu-time.mjs';
import { freePort } from './port.mjs';

export function requireRedisTools() {
  for (const tool of ['redis-server', 'redis-benchmark', 'redis-cli']) {
    const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      console.error(
        `${tool} is not installed: run .ci/install-peers.sh (apt-get install redis-server redis-tools)`,
      );
      process.exit(69);
    }
  }
}

/** redis-server on a free loopback port, no persistence; `pid` is the server itself, for /proc. */
export async function startRedis(limitSeconds) {
  const port = await freePort();
  const handle = start(
    'redis-server',
    ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { limitSeconds },
  );
  await handle.waitFor(/Ready to accept connections/, 10_000, 'stdout');
  return {
    port,
    pid: subjectPid(handle),
    cli: (...args) => redisCli(port, ...args),
    stop: () => handle.stop('SIGTERM'),
  };
}

export async function redisCli(port, ...args) {
  const result = await run('redis-cli', ['-h', '127.0.0.1', '-p', port, ...args], { limitSeconds: 10 });
  if (result.code !== 0)
    throw new Error(`redis-cli ${args.join(' ')}: exit ${result.code}\n${result.stderr}`);
  return result.stdout.trim();
}

/** The figures of `redis-benchmark --csv` for one test: requests/s and latency percentiles in ms. */
export function parseBenchmarkCsv(stdout) {
  const rows = stdout
    .split('\n')
    .filter((l) => l.startsWith('"'))
    .map((l) => l.split(',').map((c) => c.replace(/"/g, '')));
  const [header, values] = rows;
  if (!header || !values) return undefined;
  const get = (name) => Number(values[header.indexOf(name)]);
  return { rps: get('rps'), p50: get('p50_latency_ms'), p99: get('p99_latency_ms') };
}
