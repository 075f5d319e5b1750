// Cost of 9,000 looped connections (18,000 sockets) in one kali process, against plain `net` doing the same.
// Usage (from the repo root): node bench/connections.mjs [--runs 3]
import { describeFailure, run, start } from './lib/child.mjs';
import { numberOption } from './lib/args.mjs';
import { kaliBin, parseReport, referenceDir, repoRoot } from './lib/kali.mjs';
import { freePort } from './lib/port.mjs';
import { watchPeakRss } from './lib/proc.mjs';
import { printTable, ratio } from './lib/table.mjs';

const runs = numberOption('runs', 3);
const connections = 9000;
// Each looped connection is a client socket plus the listener's accepted socket, both in the one process.
const sockets = connections * 2;
const holdSeconds = 3;
const limit = 30;

const median = (values) => {
  const sorted = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  return sorted.length === 0 ? undefined : sorted[Math.floor((sorted.length - 1) / 2)];
};

/** Wall time of `kali --version`: module loading and oclif start-up, the part of ramp-up that is not I/O. */
async function startupSeconds() {
  const t0 = performance.now();
  const result = await run('node', [kaliBin, '--version'], { cwd: repoRoot, limitSeconds: limit });
  if (result.code !== 0) throw new Error(describeFailure('kali --version', result));
  return (performance.now() - t0) / 1000;
}

/**
 * Runs one subject to completion while sampling its peak RSS. Ramp-up is timed between stderr lines
 * as they arrive: from the first start-up line to `Ramped up to N connections.`.
 */
async function measure(label, args, { expectReport }) {
  const handle = start('node', args, { cwd: repoRoot, limitSeconds: limit });
  const peak = watchPeakRss(handle.child.pid);
  try {
    const result = await handle.exited;
    const memory = peak.stop();
    if (result.code !== 0 || (expectReport && !parseReport(result.stdout))) {
      throw new Error(describeFailure(label, result));
    }
    const stderr = result.lines.filter((l) => l.stream === 'stderr');
    const ramped = stderr.find((l) => /^Ramped up to \d+ connections\./.test(l.text));
    return {
      peakBytes: memory.bytes,
      processes: memory.processes,
      rampSeconds: ramped && stderr.length > 0 ? (ramped.t - stderr[0].t) / 1000 : undefined,
      spawnToRampSeconds: ramped ? (ramped.t - handle.startedAt) / 1000 : undefined,
      rampedLine: ramped?.text,
    };
  } finally {
    peak.stop();
    handle.stop();
  }
}

const kaliArgs = (port, count) => {
  const args = [kaliBin, `-l127.0.0.1:${port}`, `-c${count}`];
  if (count > 0) args.push('--connect-rate', '20k');
  return [...args, `-T${holdSeconds}s`, `127.0.0.1:${port}`];
};

const referenceArgs = (count) => [
  `${referenceDir}node-conns.mjs`,
  '--connections',
  count,
  '--connect-rate',
  20_000,
  '--seconds',
  holdSeconds,
];

/**
 * Idle baseline first, then the loaded run; the difference is what the sockets cost. The baseline is
 * taken with no connection; if the subject refuses -c0, one connection (two sockets) is the fallback.
 */
async function subject(name, idleArgs, loadedArgs, expectReport) {
  let idle;
  let idleSockets = 0;
  try {
    idle = await measure(`${name} idle`, await idleArgs(0), { expectReport });
  } catch (err) {
    console.error(`${name} idle run with 0 connections failed, using 1 connection:\n${err.message}`);
    idle = await measure(`${name} idle`, await idleArgs(1), { expectReport });
    idleSockets = 2;
  }
  const loaded = await measure(`${name} ${connections} connections`, await loadedArgs(), { expectReport });
  if (!loaded.rampedLine?.includes(`Ramped up to ${connections} connections.`)) {
    throw new Error(`${name}: no "Ramped up to ${connections} connections." line (got ${loaded.rampedLine})`);
  }
  return {
    idleBytes: idle.peakBytes,
    peakBytes: loaded.peakBytes,
    processes: loaded.processes,
    perSocket: (loaded.peakBytes - idle.peakBytes) / (sockets - idleSockets),
    idleSockets,
    rampSeconds: loaded.rampSeconds,
    spawnToRampSeconds: loaded.spawnToRampSeconds,
  };
}

async function attempt(label, fn) {
  try {
    return await fn();
  } catch (err) {
    console.error(`${label} failed:\n${err.message}`);
    return undefined;
  }
}

const samples = { kali: [], reference: [], startup: [] };
// Alternating the subjects spreads any slow phase of the machine over both instead of one.
for (let i = 1; i <= runs; i++) {
  process.stderr.write(`run ${i}/${runs}...\n`);
  samples.startup.push(await attempt('kali --version', startupSeconds));
  samples.kali.push(
    await attempt('kali', async () =>
      subject(
        'kali',
        async (count) => kaliArgs(await freePort(), count),
        async () => kaliArgs(await freePort(), connections),
        true,
      ),
    ),
  );
  samples.reference.push(
    await attempt('node reference', () =>
      subject(
        'node-conns',
        (count) => referenceArgs(count),
        () => referenceArgs(connections),
        false,
      ),
    ),
  );
}

function summarize(list) {
  const ok = list.filter(Boolean);
  if (ok.length === 0) return undefined;
  const pick = (key) => median(ok.map((s) => s[key]));
  return {
    runs: ok.length,
    rampSeconds: pick('rampSeconds'),
    spawnToRampSeconds: pick('spawnToRampSeconds'),
    idleBytes: pick('idleBytes'),
    peakBytes: pick('peakBytes'),
    perSocket: pick('perSocket'),
    processes: Math.max(...ok.map((s) => s.processes)),
  };
}

const kali = summarize(samples.kali);
const reference = summarize(samples.reference);
const startup = median(samples.startup);

const fmt = (v, digits, scale = 1) => (v === undefined ? 'failed' : (v / scale).toFixed(digits));
const MiB = 1024 * 1024;
const row = (name, s, startupCell) => [
  name,
  s ? `${s.runs}/${runs}` : `0/${runs}`,
  startupCell,
  fmt(s?.rampSeconds, 3),
  fmt(s?.spawnToRampSeconds, 3),
  fmt(s?.idleBytes, 1, MiB),
  fmt(s?.peakBytes, 1, MiB),
  fmt(s?.perSocket, 2, 1024),
];

console.log(
  `\n${connections} looped connections (${sockets} sockets) in one process, --connect-rate 20k, held ${holdSeconds} s; medians\n`,
);
printTable(
  ['subject', 'ok runs', 'start-up s', 'ramp-up s', 'spawn->ramped s', 'idle MiB', 'peak MiB', 'KiB/socket'],
  [row('kali', kali, fmt(startup, 3)), row('node reference', reference, '')],
);
if (samples.kali.some((s) => s?.idleSockets)) console.log('note: kali idle baseline used -c1 (2 sockets)');
if (kali && kali.processes > 1)
  console.log(`note: kali ran as ${kali.processes} processes; peaks were summed`);
console.log('');
printTable(
  ['figure', 'kali', 'target', 'kali / reference'],
  [
    ['ramp-up s', fmt(kali?.rampSeconds, 3), '< 1', ratio(kali?.rampSeconds, reference?.rampSeconds)],
    ['KiB per socket', fmt(kali?.perSocket, 2, 1024), '<= 4', ratio(kali?.perSocket, reference?.perSocket)],
  ],
);

process.exitCode = kali && reference ? 0 : 1;
