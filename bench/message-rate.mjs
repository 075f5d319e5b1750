// Paced message rate of kali (-c N -r R, 100-byte messages) into a kali sink in another process,
// with a minimal Node paced sender into the same kind of sink as the same-run reference.
// Usage (from the repo root, after `npx tsc -b`): node bench/message-rate.mjs [--seconds 10]
import { numberOption } from './lib/args.mjs';
import { cpuMeter, subjectPid } from './lib/cpu-time.mjs';
import { describeFailure, start } from './lib/child.mjs';
import { kaliBin, parseReport, referenceDir, repoRoot } from './lib/kali.mjs';
import { freePort } from './lib/port.mjs';
import { printTable } from './lib/table.mjs';

const seconds = numberOption('seconds', 10);
const MESSAGE_SIZE = 100;
const message = 'm'.repeat(MESSAGE_SIZE - 1).concat('\n');
const limit = seconds + 60;
const CASES = [
  { connections: 1000, rate: 100, tolerance: 0.01 },
  { connections: 5000, rate: 200, tolerance: 0.02 },
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A kali sink with a -T far beyond the run, stopped by SIGINT (which still prints the report)
 * once the sender is done and the kernel has handed over what was in flight.
 */
async function startSink() {
  const port = await freePort();
  const sink = start('node', [kaliBin, `-l127.0.0.1:${port}`, `-T${limit}s`], {
    cwd: repoRoot,
    limitSeconds: limit,
  });
  await sink.waitFor(/^Listen on/, 20_000, 'stderr');
  // `Listen on` comes before the worker has bound the port; the sender must not race it.
  await sleep(500);
  return { port, sink, meter: cpuMeter(subjectPid(sink)) };
}

async function stopSink(sink) {
  await sleep(1000);
  sink.stop('SIGINT');
  const result = await sink.exited;
  const report = parseReport(result.stdout);
  if (!report) throw new Error(describeFailure('kali sink', result));
  return report;
}

/**
 * Each sender reports its own bytes and steady window (kali: the report; the reference: its JSON
 * line), because the sink also counts the ramp-up and runs longer, which would blur the rate.
 * The sink's count only checks that those bytes really arrived. CPU is taken over the same window.
 */
async function measure(label, senderCmd, senderArgs, startedLine, readResult) {
  const { port, sink, meter: sinkMeter } = await startSink();
  const sender = start(
    senderCmd,
    [...senderArgs, ...(label === 'kali' ? [`127.0.0.1:${port}`] : ['--port', port])],
    {
      cwd: repoRoot,
      limitSeconds: limit,
    },
  );
  try {
    await sleep(200);
    const senderMeter = cpuMeter(subjectPid(sender));
    await sender.waitFor(startedLine, limit * 1000, label === 'kali' ? 'stderr' : 'stdout');
    senderMeter.mark();
    sinkMeter.mark();
    const result = await sender.exited;
    const senderCpu = senderMeter.stop();
    const sinkCpu = sinkMeter.stop();
    const sent = readResult(result);
    if (result.code !== 0 || !sent) throw new Error(describeFailure(label, result));
    const sunk = await stopSink(sink);
    return { ...sent, received: sunk.received, senderCpu, sinkCpu };
  } finally {
    sender.stop();
    sink.stop();
  }
}

function kali({ connections, rate }) {
  const args = [
    kaliBin,
    `-c${connections}`,
    `-r${rate}`,
    '--connect-rate',
    '20k',
    `-T${seconds}s`,
    '-m',
    message,
  ];
  return measure('kali', 'node', args, /^Ramped up to/, (r) => {
    const report = parseReport(r.stdout);
    return report && { bytes: report.sent, seconds: report.seconds };
  });
}

function reference({ connections, rate }) {
  const args = [
    `${referenceDir}paced-sender.mjs`,
    '--connections',
    connections,
    '--rate',
    rate,
    '--seconds',
    seconds,
    '--message-size',
    MESSAGE_SIZE,
  ];
  return measure('node', 'node', args, /^started$/, (r) => {
    const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
    return line && JSON.parse(line);
  });
}

const pct = (cpu) => (cpu ? `${((cpu.cpu / cpu.wall) * 100).toFixed(0)} %` : 'n/a');

const rows = [];
for (const c of CASES) {
  const target = c.connections * c.rate;
  const results = { kali: await kali(c), node: await reference(c) };
  const rateOf = (r) => r.bytes / MESSAGE_SIZE / r.seconds;
  for (const [who, r] of Object.entries(results)) {
    const achieved = rateOf(r);
    const error = achieved / target - 1;
    rows.push([
      `-c${c.connections} -r${c.rate}`,
      who,
      target,
      Math.round(achieved),
      `${(error * 100).toFixed(2)} %`,
      Math.abs(error) <= c.tolerance ? 'yes' : 'NO',
      r.received >= r.bytes ? 'yes' : `NO (${r.received} < ${r.bytes})`,
      pct(r.senderCpu),
      pct(r.sinkCpu),
    ]);
  }
  const k = results.kali;
  const n = results.node;
  const cpuRatio =
    k.senderCpu && n.senderCpu
      ? (k.senderCpu.cpu / k.senderCpu.wall / (n.senderCpu.cpu / n.senderCpu.wall)).toFixed(2)
      : 'n/a';
  rows.push([
    `-c${c.connections} -r${c.rate}`,
    'kali/node',
    '',
    (rateOf(k) / rateOf(n)).toFixed(3),
    '',
    '',
    '',
    cpuRatio,
    '',
  ]);
}
printTable(
  [
    'case',
    'sender',
    'target msg/s',
    'achieved msg/s',
    'error',
    `within tolerance`,
    'sink got all',
    'sender CPU',
    'sink CPU',
  ],
  rows,
);
