// HTTP/1.1 request rate, latency and CPU cost of kali (http://, @kali/protocol-http) against
// autocannon on the same server in the same run: (a) a minimal Node `http` server in its own
// process (bench/reference/node-http-server.mjs), (b) nginx serving a static file (one process,
// the test helper's generated config, access log off). Cases: -c100 with one request in flight,
// -c100 with 10 in flight (autocannon -p 10), and 10,000 keep-alive connections at one request
// per second each (autocannon -R 10000, which it spreads as exactly 1/s per connection).
//
// Both clients run on one thread (kali -w1; autocannon without -w), leaving the second core to
// the server: on 2 cores a second client thread takes CPU from the server it measures. --workers N
// gives both N threads (kali -wN, autocannon -w N).
//
// Figures come from a window inside each run, the same for both clients: it starts 0.5 s after the
// kernel (ss) shows every connection established and lasts --seconds − 2 s (each client runs 3 s
// longer at -c10000, whose connects take that long on a busy machine). Requests are counted
// by the server (its own counter, before and after), CPU seconds of client and server are read
// from /proc over the same window. The clients' own reports give latency, and kali's JSON its
// steady-phase rate, connections and status counts. The machine's busy time over the window, less
// client and server, is what else ran ("others"): a run where that exceeds --quiet (a share of
// one core, default 0.25) is measured again, up to 3 tries, and the quietest try is kept.
//
// Usage (from the repo root, after `npx tsc -b`):
//   node bench/http.mjs [--seconds 5] [--runs 3] [--workers 1] [--quiet 0.25] [--cpu-prof DIR]
//   HTTP_BENCH_SERVERS=node,nginx HTTP_BENCH_CASES=c100,inflight10,c10k (default: all)
// --cpu-prof DIR runs kali under `node --cpu-prof` (every thread writes a .cpuprofile into DIR).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { numberOption } from './lib/args.mjs';
import { describeFailure, start } from './lib/child.mjs';
import { cpuMeter, subjectPid } from './lib/cpu-time.mjs';
import { kaliBin, referenceDir, repoRoot } from './lib/kali.mjs';
import { reachableNofile, withNofile } from './lib/nofile.mjs';
import { freePort } from './lib/port.mjs';
import { establishedOn } from './lib/sockets.mjs';
import { printTable, ratio } from './lib/table.mjs';

const seconds = numberOption('seconds', 5);
const runs = numberOption('runs', 3);
const workers = numberOption('workers', 1);
const quiet = numberOption('quiet', 0.25);
const TRIES = 3;
const cpuProfDir = stringOption('cpu-prof');
const WINDOW = seconds - 2;
const autocannonBin = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));
const cores = cpus().length;

const CASES = [
  { id: 'c100', label: '-c100, 1 in flight', connections: 100, depth: 1, target: 1.0 },
  { id: 'inflight10', label: '-c100, 10 in flight', connections: 100, depth: 10 },
  { id: 'c10k', label: '-c10000 at 1 req/s each', connections: 10_000, depth: 1, rate: 1, extraSeconds: 3 },
].filter((c) => selected('HTTP_BENCH_CASES', c.id));
const SERVERS = ['node', 'nginx'].filter((s) => selected('HTTP_BENCH_SERVERS', s));

/** Each process holds up to 10,000 sockets plus its own files. */
const NOFILE = 12_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function stringOption(name) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function selected(variable, id) {
  const list = process.env[variable];
  return !list || list.split(',').includes(id);
}

/**
 * Every child inherits this process's open-file limit, so it is raised once, here, by running the
 * script again under a shell that raised it; the servers and both clients all need it.
 */
function ensureNofile() {
  const soft = Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim());
  if (!(soft < NOFILE) || process.env.HTTP_BENCH_NOFILE_RAISED) return soft;
  const reachable = reachableNofile();
  if (reachable.soft < NOFILE) {
    console.error(`the open-file limit can only reach ${reachable.soft}; 10,000 connections need ${NOFILE}`);
    process.exit(69);
  }
  const [cmd, args] = withNofile(reachable.soft, process.execPath, process.argv.slice(1));
  const again = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, HTTP_BENCH_NOFILE_RAISED: '1' },
  });
  process.exit(again.status ?? 1);
}

function getJson(port, path) {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('timeout', () => req.destroy(new Error(`${path}: no answer within 5 s`)));
    req.on('error', reject);
  });
}

const limitSeconds = () => (seconds + 60) * runs * CASES.length * 2 + 60;

/** A server exposes where to send load, its pid for /proc, and its own count of requests served. */
async function startServer(kind) {
  if (kind === 'node') {
    const port = await freePort();
    const handle = start('node', [join(referenceDir, 'node-http-server.mjs'), '--port', port], {
      limitSeconds: limitSeconds(),
    });
    await handle.waitFor(/^listening/, 10_000, 'stdout');
    return {
      label: 'node http',
      port,
      url: `http://127.0.0.1:${port}/`,
      pid: subjectPid(handle),
      requests: async () => (await getJson(port, '/__requests')).requests,
      stop: async () => handle.stop('SIGTERM'),
    };
  }
  // One nginx setup for tests and benchmark: the helper is TypeScript, loaded through tsx.
  register();
  const { startNginx } = await import('../test/helpers/nginx.ts');
  const nginx = await startNginx({ accessLog: false, maxConnections: 16_384, limitSeconds: limitSeconds() });
  return {
    label: 'nginx static',
    port: nginx.port,
    url: nginx.url('/static.txt'),
    pid: nginx.pid,
    // stub_status counts the status request itself.
    requests: async () => (await nginx.status()).requests - 1,
    stop: () => nginx.close(),
  };
}

function kaliArgs(c, url, json) {
  const args = [
    kaliBin,
    `-c${c.connections}`,
    `-w${workers}`,
    '--connect-rate',
    '10k',
    '--in-flight',
    c.depth,
    ...(c.rate ? ['-r', c.rate] : []),
    `-T${seconds + (c.extraSeconds ?? 0)}s`,
    '--latency-percentiles',
    '50,99',
    '--json',
    json,
    url,
  ];
  return cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir, ...args] : args;
}

function autocannonArgs(c, url) {
  return [
    autocannonBin,
    '-c',
    c.connections,
    '-d',
    seconds + (c.extraSeconds ?? 0),
    '-p',
    c.depth,
    ...(c.rate ? ['-R', c.connections * c.rate] : []),
    ...(workers > 1 ? ['-w', workers] : []),
    '--json',
    url,
  ];
}

/** kali's own figures: steady phase only, from --json. */
function kaliFigures(json) {
  const doc = JSON.parse(readFileSync(json, 'utf8'));
  const total = (name) => doc.metrics[name]?.total ?? 0;
  const responses = ['http.1xx', 'http.2xx', 'http.3xx', 'http.4xx', 'http.5xx'].reduce(
    (a, n) => a + total(n),
    0,
  );
  const latency = doc.metrics.http;
  return {
    ownRps: responses / doc.time.steadySeconds,
    p50: latency?.percentiles['50'],
    p99: latency?.percentiles['99'],
    failures: total('http.malformed') + doc.connections.failed.total + (responses - total('http.2xx')),
    sentRps: doc.traffic.messages.out / doc.time.steadySeconds,
    openAtEnd: doc.connections.openAtEnd.out,
    closedByPeer: doc.connections.closedByPeer.out,
    steadySeconds: doc.time.steadySeconds,
  };
}

/** autocannon's summary covers its whole run, connects included; its latencies are whole ms. */
function autocannonFigures(stdout) {
  const doc = JSON.parse(stdout);
  return {
    ownRps: doc.requests.total / doc.duration,
    p50: doc.latency.p50,
    p99: doc.latency.p99,
    failures: doc.errors + doc.timeouts + doc.non2xx,
  };
}

/**
 * The machine's CPU seconds (all cores) from /proc/stat: `tasks` is time running processes (user,
 * nice, system), `kernel` interrupts and softirq, which on loopback is mostly the network stack
 * carrying the benchmark's own packets and is charged to neither process; `idle` includes iowait.
 */
function machineSeconds() {
  const [user, nice, system, idle, iowait, irq, softirq] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { tasks: (user + nice + system) / 100, kernel: (irq + softirq) / 100, idle: (idle + iowait) / 100 };
}

/** Resolves once the kernel shows every connection up; a client that exits first is reported. */
async function allConnected(proc, label, port, connections, ms) {
  const deadline = performance.now() + ms;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(describeFailure(label, await proc.exited));
    if (establishedOn(port).clients.size >= connections) return;
    if (performance.now() > deadline) throw new Error(`${connections} connections not up within ${ms} ms`);
    await sleep(100);
  }
}

/** One run of one client: the server-counted window, CPU over it, then the client's own report. */
async function measure(server, c, client) {
  const dir = mkdtempSync(join(tmpdir(), 'kali-bench-http-'));
  const json = join(dir, 'result.json');
  const [cmd, args] =
    client === 'kali' ? ['node', kaliArgs(c, server.url, json)] : ['node', autocannonArgs(c, server.url)];
  const proc = start(cmd, args, { cwd: repoRoot, limitSeconds: seconds + 60 });
  try {
    await sleep(200);
    const clientCpu = cpuMeter(subjectPid(proc));
    const serverCpu = cpuMeter(server.pid);
    await allConnected(proc, client, server.port, c.connections, 20_000);
    await sleep(500);
    const before = await server.requests();
    const from = performance.now();
    clientCpu.mark();
    serverCpu.mark();
    const machineBefore = machineSeconds();
    await sleep(WINDOW * 1000);
    const after = await server.requests();
    const elapsed = (performance.now() - from) / 1000;
    const cpu = { client: clientCpu.stop(), server: serverCpu.stop() };
    const machineAfter = machineSeconds();
    const spent = (key) => (machineAfter[key] - machineBefore[key]) / elapsed;
    // What else ran meanwhile (other jobs, ss, this script), as a share of one core.
    const others = Math.max(0, spent('tasks') - share(cpu.client) - share(cpu.server));
    const machine = { kernel: spent('kernel'), idle: spent('idle') };
    const held = establishedOn(server.port).clients.size;
    // Its connects took so long that it ran out of time: a disturbed run, tried again.
    if (proc.child.exitCode !== null) throw new Overran(`${client} ended before the window did`);
    const result = await proc.exited;
    if (result.code !== 0) throw new Error(describeFailure(client, result));
    const own = client === 'kali' ? kaliFigures(json) : autocannonFigures(result.stdout);
    return { rps: (after - before) / elapsed, held, cpu, others, machine, ...own };
  } finally {
    proc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

class Overran extends Error {}

/** A run disturbed by other work on the machine is tried again; the quietest try counts. */
async function measureQuietly(server, c, client, label) {
  let best;
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    let r;
    try {
      r = await measure(server, c, client);
    } catch (err) {
      if (!(err instanceof Overran) || (attempt === TRIES && best === undefined)) throw err;
      process.stderr.write(`  ${label}: ${err.message}\n`);
      continue;
    }
    if (best === undefined || r.others < best.others) best = r;
    if (r.others <= quiet) break;
    process.stderr.write(
      `  ${label}: others used ${(r.others * 100).toFixed(0)} % of a core, ${attempt < TRIES ? 'again' : 'keeping the quietest'}\n`,
    );
  }
  return best;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The median run by requests/s, with the range over all runs. */
function summarize(list) {
  const mid = median(list.map((r) => r.rps));
  const run = list.find((r) => r.rps === mid);
  return { ...run, min: Math.min(...list.map((r) => r.rps)), max: Math.max(...list.map((r) => r.rps)) };
}

const share = (m) => m.cpu / m.wall;
const pct = (m) => `${(share(m) * 100).toFixed(0)} %`;
/** CPU seconds per 1,000 requests, at the server-counted rate. */
const perThousand = (r) => ((share(r.cpu.client) / r.rps) * 1000).toFixed(4);

function bound(r) {
  const sides = [];
  if (share(r.cpu.server) >= 0.9) sides.push('server');
  if (share(r.cpu.client) >= 0.9 * Math.min(workers, cores)) sides.push('client');
  // Counting the softirq time of the loopback traffic, which neither process is charged for.
  if (r.machine.idle <= 0.1 * cores) sides.push(`all ${cores} cores`);
  return sides.join(', ') || 'neither';
}

const fixed = (v, digits) => (typeof v === 'number' ? v.toFixed(digits) : 'n/a');

const nofile = ensureNofile();
if (WINDOW < 1) {
  console.error('--seconds must be at least 3: the window is 2 s shorter than each run');
  process.exit(64);
}
console.log(
  `${cores} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; open-file limit ${nofile}; ${seconds} s per run, ${runs} runs per client, -w${workers}`,
);
const rows = [];
const ratios = [];
for (const kind of SERVERS) {
  const server = await startServer(kind);
  try {
    for (const c of CASES) {
      const label = `${server.label}, ${c.label}`;
      const measured = { kali: [], autocannon: [] };
      for (let i = 0; i < runs; i++) {
        // Alternating which client goes first spreads any drift (page cache, TIME_WAIT) over both.
        const order = i % 2 === 0 ? ['kali', 'autocannon'] : ['autocannon', 'kali'];
        for (const client of order) {
          process.stderr.write(`${label}: ${client}, run ${i + 1} of ${runs}\n`);
          measured[client].push(await measureQuietly(server, c, client, label));
        }
      }
      const kali = summarize(measured.kali);
      const reference = summarize(measured.autocannon);
      for (const [who, r] of [
        [`kali -w${workers}`, kali],
        [`autocannon${workers > 1 ? ` -w ${workers}` : ''}`, reference],
      ]) {
        rows.push([
          label,
          who,
          Math.round(r.rps),
          `${Math.round(r.min)}..${Math.round(r.max)}`,
          Math.round(r.ownRps),
          fixed(r.p50, 3),
          fixed(r.p99, 3),
          pct(r.cpu.client),
          perThousand(r),
          pct(r.cpu.server),
          `${(r.machine.kernel * 100).toFixed(0)} %`,
          `${(r.others * 100).toFixed(0)} %`,
          bound(r),
          r.held,
          r.failures,
        ]);
      }
      const value = ratio(kali.rps, reference.rps);
      const check =
        c.rate === undefined
          ? `target ${c.target ? `≥ ${c.target.toFixed(1)}: ${Number(value) >= c.target ? 'met' : 'NOT met'}` : '–'}`
          : rateCheck(c, kali);
      ratios.push([label, value, ratio(Number(perThousand(kali)), Number(perThousand(reference))), check]);
    }
  } finally {
    await server.stop();
  }
}

/** kali at -r: every connection held, and its sending rate over its own steady seconds within 1 %. */
function rateCheck(c, kali) {
  const want = c.connections * c.rate;
  const error = kali.sentRps / want - 1;
  const ok = kali.held === c.connections && kali.openAtEnd === c.connections && Math.abs(error) <= 0.01;
  return `kali held ${kali.held} (${kali.openAtEnd} open at end), sent ${Math.round(kali.sentRps)}/s over ${fixed(kali.steadySeconds, 3)} s (${(error * 100).toFixed(2)} %): ${ok ? 'met' : 'NOT met'}`;
}

console.log('');
printTable(
  [
    'case',
    'client',
    'req/s (server)',
    'min..max',
    'req/s (own)',
    'p50 ms',
    'p99 ms',
    'client CPU',
    'CPU s/1k req',
    'server CPU',
    'softirq',
    'others',
    'CPU-bound',
    'conns held',
    'failed',
  ],
  rows,
);
console.log('');
printTable(['case', 'kali / autocannon req/s', 'kali / autocannon CPU per req', 'check'], ratios);
