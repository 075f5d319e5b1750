// Redis request rate and latency of kali (redis://, --in-flight 1 and 16) against redis-benchmark
// (-P 1 and 16) on the same redis-server, measured in one run: 50 connections, SET and GET of the
// same key and value redis-benchmark uses, so both send the same bytes. kali runs twice per case:
// with one worker thread, like redis-benchmark's one thread (the ratio's numerator), and with its
// default (one worker per CPU), which on a small machine competes with redis-server for the CPUs.
// Usage (from the repo root, after `npx tsc -b`): node bench/redis.mjs [--seconds 10]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberOption } from './lib/args.mjs';
import { describeFailure, start } from './lib/child.mjs';
import { cpuMeter, subjectPid } from './lib/cpu-time.mjs';
import { kaliBin, repoRoot } from './lib/kali.mjs';
import { parseBenchmarkCsv, requireRedisTools, startRedis } from './lib/redis.mjs';
import { printTable, ratio } from './lib/table.mjs';

const seconds = numberOption('seconds', 10);
const CONNECTIONS = 50;
const limit = seconds + 60;
const cores = cpus().length;
const CASES = [
  { command: 'SET', depth: 1, target: 1.0 },
  { command: 'GET', depth: 1, target: 1.0 },
  { command: 'SET', depth: 16, target: 0.8 },
  { command: 'GET', depth: 16, target: 0.8 },
];
/** redis-benchmark's own requests (-d 3, no -r): kali sends the very same RESP. */
const REQUEST = { SET: 'SET key:__rand_int__ xxx', GET: 'GET key:__rand_int__' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * kali's figures come from its JSON report (steady phase only, so the connect ramp is left out);
 * CPU is measured over the same window, from `Ramped up` to the exit.
 */
async function kaliCase(redis, { command, depth }, workers) {
  const dir = mkdtempSync(join(tmpdir(), 'kali-bench-redis-'));
  const json = join(dir, 'report.json');
  const args = [
    kaliBin,
    `-c${CONNECTIONS}`,
    ...(workers === DEFAULT_WORKERS ? [] : [`-w${workers}`]),
    '--connect-rate',
    '10k',
    '--in-flight',
    depth,
    `-T${seconds}s`,
    '--latency-percentiles',
    '50,99',
    '--json',
    json,
    '-m',
    REQUEST[command],
    `redis://127.0.0.1:${redis.port}`,
  ];
  const kali = start('node', args, { cwd: repoRoot, limitSeconds: limit });
  try {
    await sleep(200);
    const client = cpuMeter(subjectPid(kali));
    const server = cpuMeter(redis.pid);
    await kali.waitFor(/^Ramped up to/, 20_000, 'stderr');
    client.mark();
    server.mark();
    const result = await kali.exited;
    const cpu = { client: client.stop(), server: server.stop() };
    if (result.code !== 0) throw new Error(describeFailure('kali', result));
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const latency = report.metrics.redis;
    const at = (p) => latency.percentiles[String(p)];
    const ok = report.metrics['redis.ok'].total;
    const errors = report.metrics['redis.error'].total;
    if (errors > 0) throw new Error(`kali: ${errors} error replies\n${describeFailure('kali', result)}`);
    return {
      requests: ok,
      rps: ok / report.time.steadySeconds,
      p50: at(50),
      p99: at(99),
      cpu,
      threads: workers,
    };
  } finally {
    kali.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** kali's default: one worker per connection up to one per CPU. */
const DEFAULT_WORKERS = Math.min(cores, CONNECTIONS);

/** As many requests as kali completed, so both run about as long. */
async function benchmarkCase(redis, { command, depth }, requests) {
  const args = ['-h', '127.0.0.1', '-p', redis.port, '-c', CONNECTIONS, '-P', depth, '-n', requests];
  const bench = start('redis-benchmark', [...args, '-t', command.toLowerCase(), '--csv'], {
    limitSeconds: limit,
  });
  try {
    await sleep(100);
    const client = cpuMeter(subjectPid(bench));
    const server = cpuMeter(redis.pid);
    client.mark();
    server.mark();
    const result = await bench.exited;
    const cpu = { client: client.stop(), server: server.stop() };
    const figures = parseBenchmarkCsv(result.stdout);
    if (result.code !== 0 || !figures) throw new Error(describeFailure('redis-benchmark', result));
    return { requests, ...figures, cpu, threads: 1 };
  } finally {
    bench.stop();
  }
}

const pct = (m) => (m ? `${((m.cpu / m.wall) * 100).toFixed(0)} %` : 'n/a');
const secs = (m) => (m ? m.cpu.toFixed(2) : 'n/a');
const usPerRequest = (m, r) => (m ? ((m.cpu / m.wall / r.rps) * 1e6).toFixed(1) : 'n/a');

/** The side that ran out of CPU: redis-server (1 thread), the client (its threads), or the machine. */
function bound(r) {
  const share = (m) => (m ? m.cpu / m.wall : 0);
  const server = share(r.cpu.server);
  const client = share(r.cpu.client);
  const sides = [];
  if (server >= 0.9) sides.push('redis-server');
  if (client >= 0.9 * Math.min(r.threads, cores)) sides.push('client');
  if (server + client >= 0.9 * cores) sides.push(`all ${cores} cores`);
  return sides.join(', ') || 'neither';
}

requireRedisTools();
console.log(
  `${cores} CPUs, load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const redis = await startRedis(limit * CASES.length * 2);
const rows = [];
const ratios = [];
try {
  await redis.cli('SET', 'key:__rand_int__', 'xxx');
  for (const c of CASES) {
    const label = `${c.command} -c${CONNECTIONS} depth ${c.depth}`;
    process.stderr.write(`measuring ${label}: kali for ${seconds} s, redis-benchmark, kali again...\n`);
    const kali = await kaliCase(redis, c, 1);
    const reference = await benchmarkCase(redis, c, kali.requests);
    const kaliDefault = DEFAULT_WORKERS > 1 ? await kaliCase(redis, c, DEFAULT_WORKERS) : undefined;
    const measured = [
      [`kali -w1 --in-flight ${c.depth}`, kali],
      [`redis-benchmark -P ${c.depth}`, reference],
      ...(kaliDefault ? [[`kali -w${DEFAULT_WORKERS} --in-flight ${c.depth}`, kaliDefault]] : []),
    ];
    for (const [who, r] of measured) {
      rows.push([
        label,
        who,
        Math.round(r.rps),
        r.p50?.toFixed(3),
        r.p99?.toFixed(3),
        `${secs(r.cpu.client)} (${pct(r.cpu.client)})`,
        usPerRequest(r.cpu.client, r),
        `${secs(r.cpu.server)} (${pct(r.cpu.server)})`,
        bound(r),
      ]);
    }
    const value = ratio(kali.rps, reference.rps);
    ratios.push([
      label,
      value,
      `≥ ${c.target.toFixed(1)}`,
      Number(value) >= c.target ? 'yes' : 'NO',
      kaliDefault ? ratio(kaliDefault.rps, reference.rps) : 'n/a',
    ]);
  }
} finally {
  redis.stop();
}
printTable(
  [
    'case',
    'client',
    'requests/s',
    'p50 ms',
    'p99 ms',
    'client CPU s',
    'client µs/req',
    'redis-server CPU s',
    'CPU-bound',
  ],
  rows,
);
console.log('');
printTable(
  [
    'case',
    'kali -w1 / redis-benchmark requests/s',
    'target',
    'met',
    `kali -w${DEFAULT_WORKERS} / redis-benchmark`,
  ],
  ratios,
);
