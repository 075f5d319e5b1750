// Start-up time and fixed memory: a one-connection, 0.1 s run to kali's own listener, against a plain
// Node program that starts the same number of threads and holds them as long (the floor).
// Usage (from the repo root, after `npm run build`): node bench/startup.mjs [--runs 9]
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberOption } from './lib/args.mjs';
import { describeFailure, run } from './lib/child.mjs';
import { kaliBin, referenceDir, repoRoot } from './lib/kali.mjs';
import { freePort } from './lib/port.mjs';
import { printTable, ratio } from './lib/table.mjs';

const runs = numberOption('runs', 9);
const seconds = 0.1;
// kali's default with -l: one worker per CPU.
const threads = availableParallelism();
const limit = 30;
const TIME = '/usr/bin/time';

if (!existsSync(TIME)) {
  // Peak RSS is read from the kernel's rusage of the finished child; sampling /proc would miss the
  // peak of a process that lives a few hundred milliseconds.
  console.error(`${TIME} (GNU time) is needed: apt-get install time`);
  process.exit(1);
}
const manifest = join(repoRoot, 'oclif.manifest.json');
const hadManifest = existsSync(manifest);
if (!hadManifest) {
  console.error('note: no oclif.manifest.json; `npm run build` writes it, and kali starts slower without it');
}

const scratch = mkdtempSync(join(tmpdir(), 'kali-startup-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

const median = (values) => {
  const sorted = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  return sorted.length === 0 ? undefined : sorted[Math.floor((sorted.length - 1) / 2)];
};

/** Wall time from spawn to exit (as a user waits for it), and the kernel's peak RSS and CPU time. */
async function measure(label, args) {
  const out = join(scratch, 'rusage');
  const t0 = performance.now();
  const result = await run(TIME, ['-o', out, '-f', '%M %U %S', 'node', ...args], {
    cwd: repoRoot,
    limitSeconds: limit,
  });
  const wallMs = performance.now() - t0;
  if (result.code !== 0) throw new Error(describeFailure(label, result));
  const [kb, user, sys] = readFileSync(out, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { wallMs, peakBytes: kb * 1024, cpuSeconds: user + sys };
}

async function kali() {
  const port = await freePort();
  return measure('kali', [kaliBin, `-T${seconds}s`, `-l127.0.0.1:${port}`, `127.0.0.1:${port}`]);
}

const floor = () =>
  measure('node-threads', [`${referenceDir}node-threads.mjs`, '--threads', threads, '--seconds', seconds]);

const samples = { kali: [], floor: [] };
// Alternating (and swapping who goes first) spreads a busy moment of the shared machine over both.
for (let i = 1; i <= runs; i++) {
  process.stderr.write(`run ${i}/${runs}...\n`);
  const order = i % 2 === 1 ? ['kali', 'floor'] : ['floor', 'kali'];
  for (const name of order) samples[name].push(await (name === 'kali' ? kali() : floor()));
}

function summarize(list) {
  const pick = (key) => list.map((s) => s[key]);
  return {
    wallMs: median(pick('wallMs')),
    wallMin: Math.min(...pick('wallMs')),
    wallMax: Math.max(...pick('wallMs')),
    peakBytes: median(pick('peakBytes')),
    cpuSeconds: median(pick('cpuSeconds')),
  };
}

if (hadManifest && !existsSync(manifest)) {
  // bin/run.js drops a manifest older than the build: someone ran `npx tsc -b` meanwhile.
  console.error('note: oclif.manifest.json went away during the runs, so they mix two start-ups');
}

const k = summarize(samples.kali);
const f = summarize(samples.floor);
const MiB = 1024 * 1024;
const row = (name, s) => [
  name,
  s.wallMs.toFixed(0),
  `${s.wallMin.toFixed(0)}..${s.wallMax.toFixed(0)}`,
  (s.peakBytes / MiB).toFixed(1),
  s.cpuSeconds.toFixed(2),
];

console.log(
  `\nkali -T${seconds}s -l127.0.0.1:P 127.0.0.1:P (1 connection, ${threads} workers) against plain Node with ${threads} idle threads for ${seconds} s; medians of ${runs} runs\n`,
);
printTable(['subject', 'wall ms', 'min..max', 'peak MiB', 'CPU s'], [row('kali', k), row('node floor', f)]);
console.log('');
printTable(
  ['figure', 'kali', 'target', 'kali / floor', 'kali - floor'],
  [
    ['wall ms', k.wallMs.toFixed(0), '<= 400', ratio(k.wallMs, f.wallMs), (k.wallMs - f.wallMs).toFixed(0)],
    [
      'peak MiB',
      (k.peakBytes / MiB).toFixed(1),
      '<= 60',
      ratio(k.peakBytes, f.peakBytes),
      ((k.peakBytes - f.peakBytes) / MiB).toFixed(1),
    ],
  ],
);
