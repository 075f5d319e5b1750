// Bulk loopback throughput of kali against iperf3 and a minimal Node sender/sink, measured in one run.
// Usage (from the repo root): node bench/throughput.mjs [--seconds 10]
import { describeFailure, run, start } from './lib/child.mjs';
import { numberOption } from './lib/args.mjs';
import { ensureIperf3, iperf3Stream } from './lib/iperf3.mjs';
import { kaliBin, parseReport, referenceDir, repoRoot } from './lib/kali.mjs';
import { freePort } from './lib/port.mjs';
import { gbits, printTable, ratio } from './lib/table.mjs';

const seconds = numberOption('seconds', 10);
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

// One after another: on two cores any concurrent case would steal CPU from the one being measured.
const results = {
  'kali -c1': await attempt('kali -c1', () => kaliCase(1)),
  'kali -c100': await attempt('kali -c100', () => kaliCase(100)),
  'iperf3 (1 stream)': await attempt('iperf3', async () => iperf3Stream({ port: await freePort(), seconds })),
  'node reference (-c1)': await attempt('node reference', nodeReferenceCase),
};

const rate = (r) => (r ? gbits(r.bytes, r.seconds) : undefined);
const fmt = (v, digits) => (v === undefined ? 'failed' : v.toFixed(digits));

console.log(`\nLoopback bulk throughput, 1000-byte messages, ${seconds} s per case (receiver's count)\n`);
printTable(
  ['case', 'Gbit/s', 'bytes received', 'seconds', 'sink lead-in s'],
  Object.entries(results).map(([name, r]) => [
    name,
    fmt(rate(r), 2),
    r ? r.bytes : 'failed',
    r ? r.seconds.toFixed(3) : '',
    r?.leadIn === undefined ? '' : r.leadIn.toFixed(2),
  ]),
);

const kali1 = rate(results['kali -c1']);
const kali100 = rate(results['kali -c100']);
const iperf = rate(results['iperf3 (1 stream)']);
const reference = rate(results['node reference (-c1)']);
console.log('');
printTable(
  ['ratio', 'value', 'target'],
  [
    ['kali -c1 / iperf3', ratio(kali1, iperf), '>= 0.80'],
    ['kali -c100 / iperf3', ratio(kali100, iperf), ''],
    ['kali -c1 / node reference', ratio(kali1, reference), ''],
  ],
);

process.exitCode = Object.values(results).every(Boolean) ? 0 : 1;
