// Soak: 9,000 connections held for N minutes at one message per second each, in one kali process
// connecting to its own listener (18,000 sockets). Passes when memory does not grow and no connection
// drops. Usage (from the repo root): node bench/soak.mjs [--minutes 10] [--connections 9000] [--settle 10]
import { readFileSync } from 'node:fs';
import { numberOption } from './lib/args.mjs';
import { describeFailure, start } from './lib/child.mjs';
import { cpuSeconds } from './lib/cpu-time.mjs';
import { kaliBin, parseReport, repoRoot } from './lib/kali.mjs';
import { reachableNofile, withNofile } from './lib/nofile.mjs';
import { freePort } from './lib/port.mjs';
import { descendants, memory } from './lib/proc.mjs';
import { establishedOn, haveSs } from './lib/sockets.mjs';
import { printTable, ratio } from './lib/table.mjs';

const minutes = numberOption('minutes', 10);
const connections = numberOption('connections', 9000);
const SAMPLE_SECONDS = 10;
/** RSS may move this much either way from its value once ramp-up has settled. */
const RSS_TOLERANCE = 0.1;
/**
 * Seconds after the ramp-up line whose sample is the RSS baseline. The sample at 0 s still holds
 * the start-up and ramp-up garbage that the next GC cycles give back (15 % of RSS with 500
 * connections), so judging against it would call a healthy process shrinking a failure; the
 * 0 s figure is still printed.
 */
const settleSeconds = numberOption('settle', SAMPLE_SECONDS);
// Both ends of every connection live in the one process, plus what Node and kali keep open.
const filesNeeded = connections * 2 + 256;
const rampBudgetSeconds = 60;
const durationSeconds = minutes * 60;
const MiB = 1024 * 1024;

if (!(minutes > 0) || !Number.isInteger(connections) || connections < 1) {
  console.error('--minutes must be > 0 and --connections a whole number >= 1');
  process.exit(64);
}
if (!haveSs()) {
  console.error('`ss` (iproute2) is not on PATH; the soak counts established sockets with it.');
  process.exit(2);
}
const nofile = reachableNofile();
if (!(nofile.soft >= filesNeeded)) {
  console.error(
    `${connections} looped connections need ${filesNeeded} open files in one process, but the limit ` +
      `can only be raised to ${nofile.soft} here (hard limit ${nofile.hard}, see \`ulimit -Hn\`). ` +
      'Raise the hard limit (as root: `ulimit -Hn 65535`, or nofile in /etc/security/limits.conf), ' +
      'or try fewer --connections.',
  );
  process.exit(2);
}

const port = await freePort();
const kaliArgs = [
  kaliBin,
  `-c${connections}`,
  '-r1',
  '-m',
  'x',
  '--connect-rate',
  '20k',
  `-l127.0.0.1:${port}`,
  `127.0.0.1:${port}`,
  `-T${durationSeconds}s`,
];
const [shell, shellArgs] = withNofile(nofile.soft, process.execPath, kaliArgs);
console.log(`$ ulimit -n ${nofile.soft}; node ${kaliArgs.map((a) => a.replace(repoRoot, '')).join(' ')}`);
const handle = start(shell, shellArgs, {
  cwd: repoRoot,
  limitSeconds: rampBudgetSeconds + durationSeconds + 60,
});

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * The node process itself: under `timeout` sits `sh`, which execs node in place; until the exec,
 * the same pid is still the shell, whose arguments also name kali. Worker threads share the pid.
 */
async function kaliPid() {
  for (let i = 0; i < 100; i++) {
    for (const pid of descendants(handle.child.pid)) {
      if (memory(pid) && cmdline(pid)[1] === kaliBin) return pid;
    }
    await sleep(50);
  }
  throw new Error('could not find the kali node process under the wrapper');
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

const failures = [];
const samples = [];
let exitedEarly = false;
let result;
try {
  const pid = await kaliPid();
  const ramped = await handle.waitFor(/^Ramped up to \d+ connections\./, rampBudgetSeconds * 1000, 'stderr');
  if (!ramped.text.startsWith(`Ramped up to ${connections} connections.`)) {
    failures.push(`ramp-up: ${ramped.text}`);
  }
  handle.exited.then(() => {
    exitedEarly = true;
  });
  // Sample times from the ramp-up line; the last one a few seconds before -T ends, while every
  // connection should still be open.
  const times = [];
  for (let t = 0; t < durationSeconds - 3; t += SAMPLE_SECONDS) times.push(t);
  if (durationSeconds > 3) times.push(durationSeconds - 3);
  let rampSet;
  let lastCpu;
  let lastAt;
  for (const t of times) {
    await sleep(ramped.t + t * 1000 - performance.now());
    if (exitedEarly) {
      failures.push(`kali exited ${t} s after ramp-up, before the soak ended`);
      break;
    }
    const at = performance.now();
    const mem = memory(pid);
    const cpu = cpuSeconds(pid);
    const sockets = establishedOn(port);
    if (!mem || cpu === undefined) {
      failures.push(`kali is gone at ${t} s`);
      break;
    }
    rampSet ??= sockets.clients;
    let kept = 0;
    for (const c of sockets.clients) if (rampSet.has(c)) kept++;
    const cpuPercent = lastCpu === undefined ? undefined : ((cpu - lastCpu) / ((at - lastAt) / 1000)) * 100;
    lastCpu = cpu;
    lastAt = at;
    const sample = {
      t,
      rss: mem.rss,
      clients: sockets.clients.size,
      servers: sockets.servers,
      kept,
      queuedBytes: sockets.queuedBytes,
      cpuPercent,
    };
    samples.push(sample);
    process.stderr.write(
      `  ${t} s: RSS ${(mem.rss / MiB).toFixed(1)} MiB, ${sockets.clients.size}/${sockets.servers} established\n`,
    );
  }
  result = await handle.exited;
} catch (err) {
  failures.push(err.message);
  handle.stop();
  result = await handle.exited;
} finally {
  handle.stop();
}

const baseSample = samples.find((s) => s.t >= settleSeconds);
const base = baseSample?.rss;
const pct = (v) => (base ? `${(((v - base) / base) * 100).toFixed(1)}%` : 'n/a');

console.log(
  `\nsoak: ${connections} looped connections (${connections * 2} sockets) in one process, -r1, ` +
    `${minutes} min after ramp-up; a sample every ${SAMPLE_SECONDS} s\n`,
);
printTable(
  ['t s', 'RSS MiB', 'vs baseline', 'client est.', 'server est.', 'kept from ramp-up', 'queued B', 'CPU %'],
  samples.map((s) => [
    s.t,
    (s.rss / MiB).toFixed(1),
    s === baseSample ? 'base' : pct(s.rss),
    s.clients,
    s.servers,
    s.kept,
    s.queuedBytes,
    s.cpuPercent === undefined ? '' : s.cpuPercent.toFixed(1),
  ]),
);

if (result.code !== 0 || !parseReport(result.stdout)) {
  failures.push(describeFailure('kali', result));
}
const failedConnects = result.lines.filter((l) => l.stream === 'stderr' && /failed/i.test(l.text));
for (const l of failedConnects) failures.push(`kali: ${l.text}`);
const after = samples.filter((s) => baseSample && s.t > baseSample.t);
const rssMax = Math.max(...after.map((s) => s.rss));
const rssMin = Math.min(...after.map((s) => s.rss));
const rssEnd = samples.at(-1)?.rss;
if (after.length === 0) failures.push(`no sample after the ${settleSeconds} s baseline: nothing to compare`);
// A leak is growth: RSS more than 10 % above its settled value, or more than 10 % above the lowest
// value seen before (growth after the allocator gave memory back). RSS that drops is memory
// returned to the system by a major GC or the allocator, reported below but not a failure: a
// 10-minute run at 9,000 connections dropped 20 % at 220 s and stayed there.
let lowest = base;
for (const s of after) {
  if (s.rss > base * (1 + RSS_TOLERANCE)) {
    failures.push(`RSS at ${s.t} s is ${pct(s.rss)} from its value at ${baseSample.t} s`);
  } else if (s.rss > lowest * (1 + RSS_TOLERANCE)) {
    failures.push(`RSS at ${s.t} s grew more than 10 % over the lowest value before it`);
  }
  lowest = Math.min(lowest, s.rss);
}
for (const s of samples) {
  if (s.clients !== connections || s.servers !== connections || s.kept !== connections) {
    failures.push(
      `at ${s.t} s: ${s.clients} client and ${s.servers} server sockets established, ` +
        `${s.kept} of them from ramp-up (want ${connections} each)`,
    );
  }
}
const minUp =
  samples.length === 0 ? undefined : Math.min(...samples.map((s) => Math.min(s.clients, s.servers)));
const minKept = samples.length === 0 ? undefined : Math.min(...samples.map((s) => s.kept));
const cpu = samples.filter((s) => s.cpuPercent !== undefined).map((s) => s.cpuPercent);
const fmt = (v, digits, scale = 1) =>
  v === undefined || !Number.isFinite(v) ? 'n/a' : (v / scale).toFixed(digits);

console.log('');
printTable(
  ['figure', 'kali', 'target', 'ratio'],
  [
    ['RSS at the ramp-up line MiB', fmt(samples[0]?.rss, 1, MiB), '', ''],
    [`RSS at ${baseSample?.t ?? settleSeconds} s (baseline) MiB`, fmt(base, 1, MiB), '', ''],
    ['RSS max / baseline', ratio(rssMax, base), `<= ${1 + RSS_TOLERANCE}`, ''],
    ['RSS min / baseline', ratio(rssMin, base), 'reported (memory given back)', ''],
    ['RSS end / baseline', ratio(rssEnd, base), '', ''],
    ['RSS end / ramp-up line', ratio(rssEnd, samples[0]?.rss), '', ''],
    ['connections up, fewest seen', fmt(minUp, 0), String(connections), ratio(minUp, connections)],
    ['kept from ramp-up, fewest', fmt(minKept, 0), String(connections), ratio(minKept, connections)],
    ['CPU % of one core, mean', fmt(cpu.reduce((a, b) => a + b, 0) / cpu.length, 1), '', ''],
  ],
);
console.log('');
if (failures.length === 0) {
  console.log('PASS');
} else {
  console.log('FAIL');
  for (const f of failures) console.log(`  - ${f}`);
}
process.exitCode = failures.length === 0 ? 0 : 1;
