// What --latency-marker costs a paced client: 1000 connections × 100 msg/s of 100-byte lines
// against an echo server, with and without the marker, each in its own kali process.
// Usage (from the repo root): node bench/measurement-overhead.mjs [--seconds 10]
//
// The peer is a plain Node echo server in its own process, not a kali --listen-mode=active
// listener: an active listener sends on its own clock from the moment it accepts, so it can run
// ahead of the client, and the marker would then see more replies than messages (case-87).
// An echo returns exactly one marker per message sent, and socket.pipe() costs it next to nothing.
import { describeFailure, start } from './lib/child.mjs';
import { numberOption } from './lib/args.mjs';
import { cpuMeter, subjectPid } from './lib/cpu-time.mjs';
import { kaliBin, parseReport, repoRoot } from './lib/kali.mjs';
import { freePort } from './lib/port.mjs';
import { printTable } from './lib/table.mjs';

const seconds = numberOption('seconds', 10);
const connections = 1000;
const rate = 100;
// 100 bytes with the newline; the marker is its first word so a reply holds exactly one.
const LINE = `MARK${'x'.repeat(95)}\n`;
const limit = seconds + 40;

const ECHO = `
const net = require('node:net');
net.createServer((s) => { s.on('error', () => {}); s.pipe(s); })
  .listen({ host: '127.0.0.1', port: Number(process.argv[1]), backlog: 4096 }, () => console.log('ready'));
`;

async function measure(label, port, extra) {
  const args = [
    kaliBin,
    `-c${connections}`,
    `-r${rate}`,
    '--connect-rate',
    '20k',
    `-T${seconds}s`,
    '-em',
    LINE.replace('\n', '\\n'),
    ...extra,
    `127.0.0.1:${port}`,
  ];
  const handle = start('node', args, { cwd: repoRoot, limitSeconds: limit });
  await handle.waitFor(/^Ramped up to/, 30_000, 'stderr');
  // Steady phase only: ramp-up costs the same with or without the marker and would blur the ratio.
  const meter = cpuMeter(subjectPid(handle));
  meter.mark();
  const result = await handle.exited;
  const cpu = meter.stop();
  const report = parseReport(result.stdout);
  if (result.code !== 0 || !report || !cpu) throw new Error(describeFailure(label, result));
  const messages = report.sent / LINE.length;
  const latency = /^Message latency at percentiles: (\S+) ms/m.exec(result.stdout)?.[1];
  return {
    label,
    perSecond: messages / report.seconds,
    cpuPerMessageUs: (cpu.cpu / messages) * 1e6,
    cpuShare: cpu.cpu / cpu.wall,
    latency: latency ?? '-',
  };
}

const port = await freePort();
const echo = start('node', ['-e', ECHO, String(port)], { cwd: repoRoot, limitSeconds: 3 * limit });
try {
  await echo.waitFor(/^ready$/, 10_000, 'stdout');
  const plain = await measure('no measurement', port, []);
  const marked = await measure('--latency-marker MARK', port, ['--latency-marker', 'MARK']);
  printTable(
    ['client', 'msg/s sent', 'CPU µs/msg', 'CPU (cores)', 'latency 95/99/99.5 ms'],
    [plain, marked].map((r) => [
      r.label,
      r.perSecond.toFixed(0),
      r.cpuPerMessageUs.toFixed(2),
      r.cpuShare.toFixed(2),
      r.latency,
    ]),
  );
  const kept = marked.perSecond / plain.perSecond;
  console.log(`\nthroughput with the marker: ${(kept * 100).toFixed(1)} % of without (needs ≥ 95 %)`);
  if (kept < 0.95) process.exitCode = 1;
} finally {
  echo.stop();
}
