// Bulk loopback throughput of kali (separate sink, and its own sink in one process) against iperf3
// and a minimal Node sender/sink, measured in one run.
// Usage (from the repo root): node bench/throughput.mjs [--seconds 10] [--runs 1]
import { describeFailure, run, start } from './lib/child.mjs';
import { numberOption } from './lib/args.mjs';
import { ensureIperf3, iperf3Stream } from './lib/iperf3.mjs';
import { kaliBin, parseReport, referenceDir, repoRoot } from './lib/kali.mjs';
import { freePort } from './lib/port.mjs';
import { gbits, printTable, ratio } from './lib/table.mjs';

const seconds = numberOption('seconds', 10);
const runs = numberOption('runs', 1);
const message = 'x'.repeat(1000);
// Generous, because a loaded 2-core machine can be slow to start, but finite so nothing hangs.
const limit = seconds + 30;

/**
 * kali sink in its own process, kali client in another. The sink's -T window is the measurement;
 * the client runs 2 s longer so traffic covers the whole window except the client's start-up,
 * which is reported as lead-in because it lowers the sink's average.
 */
async function kaliCase(connections) {
  const port = await freePort();
  const sink = start('node', [kaliBin, `-l127.0.0.1:${port}`, `-T${seconds}s`], {
    cwd: repoRoot,
    limitSeconds: limit,
  });
  let client;
  try {
    const listening = await sink.waitFor(/Listen on/, 20_000, 'stderr');
    // The default rate (100/s) would spend a second of the window ramping -c100 up.
    const args = [`-c${connections}`, '--connect-rate', '10k', `-T${seconds + 2}s`, '-m', message];
    client = start('node', [kaliBin, ...args, `127.0.0.1:${port}`], { cwd: repoRoot, limitSeconds: limit });
    const ramped = await client.waitFor(/Ramped up to/, 20_000, 'stderr').catch(() => undefined);
    const result = await sink.exited;
    const report = parseReport(result.stdout);
    if (result.code !== 0 || !report) throw new Error(describeFailure('kali sink', result));
    return {
      bytes: report.received,
      seconds: report.seconds,
      leadIn: ramped ? (ramped.t - listening.t) / 1000 : undefined,
    };
  } finally {
    client?.stop();
    sink.stop();
  }
}

/**
 * tcpkali's own-sink set-up: one kali process that listens and connects to itself, every worker
 * sending and (with a shared listening port) accepting. Its report's received bytes over its
 * steady `Test duration` is the figure; there is no lead-in, the clock starts after ramp-up.
 */
async function ownSinkCase(connections) {
  const port = await freePort();
  const args = [`-c${connections}`, '--connect-rate', '10k', `-T${seconds}s`, '-m', message];
  const result = await run('node', [kaliBin, ...args, `-l127.0.0.1:${port}`, `127.0.0.1:${port}`], {
    cwd: repoRoot,
    limitSeconds: limit,
  });
  const report = parseReport(result.stdout);
  if (result.code !== 0 || !report) throw new Error(describeFailure('kali own sink', result));
  return { bytes: report.received, seconds: report.seconds };
}

async function nodeReferenceCase() {
  const port = await freePort();
  const sink = start('node', [`${referenceDir}node-sink.mjs`, '--port', port, '--seconds', seconds], {
    limitSeconds: limit,
  });
  try {
    await sink.waitFor(/^listening/, 10_000, 'stdout');
    // The sender outlives the sink's window and exits when the sink closes the connection.
    const sender = await run(
      'node',
      [`${referenceDir}node-sender.mjs`, '--port', port, '--seconds', seconds + 5],
      { limitSeconds: limit },
    );
    const result = await sink.exited;
    const last = result.lines.filter((l) => l.stream === 'stdout').at(-1)?.text ?? '';
    if (result.code !== 0 || !last.startsWith('{')) {
      throw new Error(`${describeFailure('node-sink', result)}\n${describeFailure('node-sender', sender)}`);
    }
    return JSON.parse(last);
  } finally {
    sink.stop();
  }
}

async function attempt(label, fn) {
  process.stderr.write(`measuring ${label} for ${seconds} s...\n`);
  try {
    return await fn();
  } catch (err) {
    console.error(`${label} failed:\n${err.message}`);
    return undefined;
  }
}

ensureIperf3();

const cases = {
  'kali -c1': () => kaliCase(1),
  'kali -c100': () => kaliCase(100),
  'kali -c1, own sink': () => ownSinkCase(1),
  'kali -c100, own sink': () => ownSinkCase(100),
  'iperf3 (1 stream)': async () => iperf3Stream({ port: await freePort(), seconds }),
  'node reference (-c1)': nodeReferenceCase,
};
const rate = (r) => (r ? gbits(r.bytes, r.seconds) : undefined);

// One after another: on two cores any concurrent case would steal CPU from the one being measured.
// Rounds go through every case in turn, so a slow spell of the machine hits all of them alike.
const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let round = 1; round <= runs; round++) {
  for (const [name, fn] of Object.entries(cases)) {
    const r = await attempt(`${name}${runs > 1 ? ` (round ${round}/${runs})` : ''}`, fn);
    if (r) samples[name].push({ ...r, gbits: rate(r) });
  }
}

/** The median run stands for the case; the range shows how much to trust it. */
function summarize(list) {
  if (list.length === 0) return undefined;
  const sorted = [...list].sort((a, b) => a.gbits - b.gbits);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], min: sorted[0].gbits, max: sorted.at(-1).gbits };
}
const results = Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, summarize(list)]));

const fmt = (v, digits) => (v === undefined ? 'failed' : v.toFixed(digits));

console.log(
  `\nLoopback bulk throughput, 1000-byte messages, ${seconds} s per case, ${runs} run(s), median run shown (receiver's count)\n`,
);
printTable(
  ['case', 'ok runs', 'Gbit/s', 'min..max', 'bytes received', 'seconds', 'sink lead-in s'],
  Object.entries(results).map(([name, r]) => [
    name,
    `${samples[name].length}/${runs}`,
    fmt(r?.gbits, 2),
    r ? `${r.min.toFixed(1)}..${r.max.toFixed(1)}` : '',
    r ? r.bytes : 'failed',
    r ? r.seconds.toFixed(3) : '',
    r?.leadIn === undefined ? '' : r.leadIn.toFixed(2),
  ]),
);

const kali1 = results['kali -c1']?.gbits;
const kali100 = results['kali -c100']?.gbits;
const iperf = results['iperf3 (1 stream)']?.gbits;
const reference = results['node reference (-c1)']?.gbits;
console.log('');
printTable(
  ['ratio (medians)', 'value', 'target'],
  [
    ['kali -c1 / iperf3', ratio(kali1, iperf), '>= 0.80'],
    ['kali -c100 / iperf3', ratio(kali100, iperf), ''],
    ['kali -c1 / node reference', ratio(kali1, reference), ''],
    ['kali -c1, own sink / iperf3', ratio(results['kali -c1, own sink']?.gbits, iperf), ''],
    ['kali -c100, own sink / iperf3', ratio(results['kali -c100, own sink']?.gbits, iperf), ''],
  ],
);

process.exitCode = Object.values(results).every(Boolean) ? 0 : 1;
